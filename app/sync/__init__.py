"""Between the webshop and the books: matching rules, imports, pushes, and the client's shared state."""
