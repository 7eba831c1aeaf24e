from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ideas.models import IdeaSpace
from ideas.services import import_file


class Command(BaseCommand):
    help = "Imports a Colidée export (CSV or XLSX) into an idea space and prints the report."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--space", required=True, help="slug of the idea space")
        parser.add_argument("--dry-run", action="store_true", help="report only, write nothing")
        parser.add_argument(
            "--create-themes", action="store_true", help="create the unknown theme labels"
        )

    def handle(self, *args, file: str, space: str, dry_run: bool, create_themes: bool, **opts):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No such file: {file}")
        target = IdeaSpace.objects.filter(slug=space).first()
        if target is None:
            raise CommandError(f"No idea space with slug {space!r}")
        report = import_file(
            target,
            path.read_bytes(),
            filename=path.name,
            dry_run=dry_run,
            create_themes=create_themes,
        )
        self.print_report(report)
        if report["fatal"]:
            raise CommandError(report["fatal"])

    def print_report(self, report: dict) -> None:
        out = self.stdout.write
        out("Simulation (rien n'est écrit)" if report["dry_run"] else "Import effectué")
        out(f"Format : {report['kind']} {report['encoding']} {report['delimiter']}".rstrip())
        if report["header_line"]:
            out(f"En-tête à la ligne {report['header_line']}")
        for name, label in report["columns"].items():
            out(f"  colonne {label!r} -> {name}")
        for label in report["ignored_columns"]:
            out(f"  colonne ignorée : {label}")
        for message in report["file_warnings"]:
            out(f"Attention : {message}")
        out(
            f"Lignes lues : {report['read']} = nouvelles {report['new']}"
            f" + mises à jour {report['updated']} (dont inchangées {report['unchanged']})"
            f" + rejetées {report['rejected']} + doublons {report['duplicates']}"
        )
        for item in report["rejections"]:
            out(f"  ligne {item['line']} rejetée : {item['reason']}")
        for item in report["duplicate_lines"]:
            out(f"  ligne {item['line']} : doublon de la ligne {item['of_line']}")
        for item in report["warnings"]:
            out(f"  ligne {item['line']} : {item['message']}")
        if report["warning_count"] > len(report["warnings"]):
            out(f"  … {report['warning_count'] - len(report['warnings'])} autres avertissements")
        for item in report["unknown_themes"]:
            out(f"Thème inconnu : {item['label']} ({item['rows']} lignes)")
        for label in report["created_themes"]:
            out(f"Thème créé : {label}")
        for item in report["unknown_statuses"]:
            out(
                f"Statut inconnu, gardé comme statut d'origine : {item['label']} ({item['rows']} lignes)"
            )
        for item in report["ambiguities"]:
            out(
                f"Colonnes ambiguës pour {item['label']} : {item['chosen']!r} retenue, "
                f"{', '.join(map(repr, item['others']))} non"
            )
        for row in report["changes"]:
            for change in row["fields"]:
                mark = " (raccourci)" if change["shorter"] else ""
                out(
                    f"  ligne {row['line']} {change['label']}{mark} : "
                    f"{change['before']!r} -> {change['after']!r}"
                )
        if report["shortening"]:
            out(f"Attention : {report['shortening']} mise(s) à jour raccourcissent un texte")
