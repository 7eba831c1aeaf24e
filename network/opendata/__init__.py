"""Open data: the read-only API (`api/`), the catalogue and data package of the public
files (`catalogue`), the RSS/Atom feeds (`feeds`) and the `/donnees/` pages (`views`)."""
