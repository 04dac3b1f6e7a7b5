"""The shop: customers, products and their orders (the adopter suite's app)."""
