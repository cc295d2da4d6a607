"""Views: request in, engines and models consulted, template out. Nothing clever lives here."""
