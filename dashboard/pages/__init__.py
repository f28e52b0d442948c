"""The dashboard's pages, one module each; every page also answers as JSON and CSV."""
