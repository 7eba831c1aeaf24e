"""Search across the platform: what is searchable (`kinds`), the query and its results
(`query`), the PostgreSQL index kept in step by signals (`index`), and the pages (`views`)."""
