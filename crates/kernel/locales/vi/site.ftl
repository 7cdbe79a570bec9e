# The pages every public service has: privacy, terms, accessibility, contact, sitemap.
