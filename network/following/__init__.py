"""Following: what a member follows (`follows`), what is new in it (`news`: the
notification page and the weekly digest, `digests`), and the one-click links that turn a
mail off (`preferences`)."""
