"""Turns the OpenAPI schema into what the documentation page lists."""

from functools import lru_cache

from drf_spectacular.generators import SchemaGenerator


@lru_cache(maxsize=1)
def schema() -> dict:
    return SchemaGenerator().get_schema(request=None, public=True)


def _type(prop: dict) -> str:
    if "$ref" in prop:
        return prop["$ref"].rsplit("/", 1)[-1]
    if "allOf" in prop or "oneOf" in prop:
        parts = prop.get("allOf") or prop.get("oneOf")
        return " | ".join(_type(p) for p in parts)
    kind = prop.get("type", "")
    if kind == "array":
        return f"liste de {_type(prop.get('items', {}))}"
    if prop.get("format"):
        kind = f"{kind} ({prop['format']})"
    if prop.get("enum"):
        kind += " : " + ", ".join(str(v) for v in prop["enum"] if v not in ("", None))
    return kind


def _fields(component: dict) -> list[dict]:
    return [
        {"name": name, "type": _type(prop), "description": prop.get("description", "")}
        for name, prop in component.get("properties", {}).items()
    ]


def endpoints() -> list[dict]:
    spec = schema()
    components = spec.get("components", {}).get("schemas", {})
    found = []
    for path, operations in spec.get("paths", {}).items():
        for method, operation in operations.items():
            ok = operation.get("responses", {}).get("200", {})
            body = ok.get("content", {}).get("application/json", {}).get("schema", {})
            ref = body.get("$ref", "")
            name = ref.rsplit("/", 1)[-1]
            if name.startswith("Paginated") and name in components:
                items = components[name]["properties"]["results"]["items"]
                name = items["$ref"].rsplit("/", 1)[-1]
            found.append(
                {
                    "id": operation.get("operationId", path),
                    "method": method.upper(),
                    "path": path,
                    "description": operation.get("description", ""),
                    "parameters": [
                        {
                            "name": p["name"],
                            "where": p.get("in", ""),
                            "type": _type(p.get("schema", {})),
                            "description": p.get("description", ""),
                        }
                        for p in operation.get("parameters", [])
                    ],
                    "fields": _fields(components.get(name, {})),
                    "component": name,
                }
            )
    return found
