"""Business rules independent of the webshop and of Qt: documents, stock, numbering, prices."""
