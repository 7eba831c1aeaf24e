"""`{% feed_links "projets" _("Nouveaux projets") %}`: the page's RSS and Atom feeds as
`<link rel="alternate">`, keeping the page's theme and commune filters (slugs)."""

from django import template
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.http import urlencode

register = template.Library()


@register.simple_tag(takes_context=True)
def feed_links(context, kind: str, title: str) -> str:
    request = context.get("request")
    query = {}
    if request is not None:
        query = {k: request.GET[k] for k in ("theme", "commune") if request.GET.get(k)}
    suffix = f"?{urlencode(query)}" if query else ""
    links = [
        ("application/rss+xml", f"{title} (RSS)", reverse("network:feed_rss", args=[kind])),
        ("application/atom+xml", f"{title} (Atom)", reverse("network:feed_atom", args=[kind])),
    ]
    return format_html_join(
        "\n",
        '<link rel="alternate" type="{}" title="{}" href="{}">',
        ((kind_, label, url + suffix) for kind_, label, url in links),
    )
