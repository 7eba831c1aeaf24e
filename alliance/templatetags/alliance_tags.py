from django import template

from alliance.text import render_markdown

register = template.Library()


@register.filter
def markdown(text: str):
    """{{ project.description|markdown }}: Markdown rendered and sanitised."""
    return render_markdown(text)
