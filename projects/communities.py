"""The interdependency graph's groups, stored on the projects (`Project.graph_community`):
the graph page and its data read them instead of computing them on every request (at
50,000 projects that took most of a request's time and memory).

A job (`refresh`, through alliance.jobs) computes them again after the commit of a
transaction that saved or deleted a link, or saved a project (its publication may have
changed): one job per transaction, and none while one is already waiting to start, so a
burst of edits runs it once. Bulk loads, which send no signal, call `store()` (the demo,
the bench's data set) or the `compute_graph_communities` command. Until the job has run,
a project linked since reads as a group of its own (see `group_of`)."""

from django.db import connection, transaction
from django.db.models.signals import post_delete, post_save

from alliance import jobs
from projects import cache as projects_cache
from projects.models import Link, Project

JOB = "projects.communities.refresh"
# Rows written per UPDATE when the groups change (2 parameters each).
BATCH = 5000


def louvain(pairs) -> dict[int, int]:
    """Each linked project's community among the (source, target) `pairs`: the
    local-moving phase of Louvain over the undirected links (deterministic: ids in order),
    so densely linked projects group together instead of one connected blob. A community
    is named by one of its projects' ids. A project is looked at again only when a
    neighbour moved or a community it could join grew or shrank since its last look:
    otherwise it would make the same choice (stay), so skipping it changes nothing."""
    weights = {}
    for a, b in pairs:
        if a != b:
            pair = (a, b) if a < b else (b, a)
            weights[pair] = weights.get(pair, 0) + 1
    if not weights:
        return {}
    pks = sorted({pk for pair in weights for pk in pair})  # communities: indices
    index = {pk: i for i, pk in enumerate(pks)}
    around = [[] for _pk in pks]
    for (a, b), weight in weights.items():
        around[index[a]].append((index[b], weight))
        around[index[b]].append((index[a], weight))
    del weights, index
    degree = [sum(weight for _other, weight in row) for row in around]
    two_m = sum(degree)
    label, total = list(range(len(pks))), list(degree)  # total: degrees per community
    shares = [d / two_m for d in degree]
    step, changed, seen = 0, [0] * len(pks), [0] * len(pks)
    dirty, candidates = [True] * len(pks), [{}] * len(pks)
    for _round in range(20):
        moved = False
        for i, row in enumerate(around):
            if not dirty[i] and changed[label[i]] <= seen[i]:
                last = seen[i]
                for community in candidates[i]:
                    if changed[community] > last:
                        break
                else:
                    continue  # nothing it looks at changed: it stays
            step += 1
            own, d, share = label[i], degree[i], shares[i]
            total[own] -= d
            links_to = {}
            for other, weight in row:
                community = label[other]
                links_to[community] = links_to.get(community, 0) + weight
            best, best_gain = own, links_to.get(own, 0) - total[own] * share
            pairs = links_to.items()
            for community, weight in sorted(pairs) if len(links_to) > 1 else pairs:
                gain = weight - total[community] * share
                if gain > best_gain + 1e-12:
                    best, best_gain = community, gain
            label[i] = best
            total[best] += d
            seen[i], candidates[i], dirty[i] = step, links_to, best != own
            if best != own:
                moved, changed[own], changed[best] = True, step, step
                for other, _weight in row:
                    dirty[other] = True
        if not moved:
            break
    return {pk: pks[label[i]] for i, pk in enumerate(pks)}


def compute() -> dict[int, int]:
    """The community of every project linked to another, both published."""
    return louvain(Link.objects.published().values_list("source_id", "target_id"))


def store() -> int:
    """Computes the communities and writes those that changed (None for a project no longer
    linked), without signals or history; bumps the projects' cache version when any did, so
    the graph's cached page and data follow. Returns how many projects changed."""
    communities = compute()
    changes = [
        (pk, communities.get(pk))
        for pk, current in Project.objects.values_list("pk", "graph_community").order_by("pk")
        if communities.get(pk) != current
    ]
    for start in range(0, len(changes), BATCH):
        _write(changes[start : start + BATCH])
    if changes:
        from projects import graph_summary  # deferred: it imports the graph, which imports this

        transaction.on_commit(projects_cache.bump)
        graph_summary.changed()  # the page's stored summary names the groups
    return len(changes)


def _write(rows: list[tuple[int, int | None]]) -> None:
    """One UPDATE for `rows` (id, community), joined to them as a table of values: 50
    times faster than bulk_update's CASE of one branch per row (PostgreSQL and SQLite)."""
    quote = connection.ops.quote_name
    table, column = quote(Project._meta.db_table), quote("graph_community")
    values = ", ".join(["(%s, CAST(%s AS integer))"] * len(rows))
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH v(id, community) AS (VALUES {values}) "
            f"UPDATE {table} SET {column} = v.community FROM v WHERE {table}.id = v.id",
            [value for row in rows for value in row],
        )


def refresh() -> None:
    """The job: the communities written and the job marked done in one commit."""
    with transaction.atomic():
        store()
        jobs.complete()


def group_of(pk: int, stored: int | None) -> int:
    """A linked project's group on the page: its stored community, or, linked since the job
    last ran, a group of its own (its id) until the job runs again."""
    return stored or pk


def schedule() -> None:
    """The job after the commit, unless this transaction already asked for it."""
    jobs.enqueue_once_after_commit(JOB)


def _link_changed(sender, raw=False, **kwargs) -> None:
    if not raw:
        schedule()


def _project_saved(sender, instance, created, raw, update_fields, **kwargs) -> None:
    # A new project has no link yet; saves naming their fields without the state (a
    # referent, a stored point) change no link of the graph; a form's save names none.
    if not (raw or created) and (update_fields is None or "state" in update_fields):
        schedule()


def connect() -> None:
    uid = "projects-communities"
    post_save.connect(_link_changed, sender=Link, dispatch_uid=f"{uid}-link-saved")
    post_delete.connect(_link_changed, sender=Link, dispatch_uid=f"{uid}-link-deleted")
    post_save.connect(_project_saved, sender=Project, dispatch_uid=f"{uid}-project-saved")
