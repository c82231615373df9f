"""Read the template tables (表二, 表三, 表四) out of the document text into canonical cells.

Every reader writes tables into the text (table rows as TAB-separated lines), so one reader per
table works for every input format: `tokens` cuts a stretch of text into label text and number
tokens (cells of table rows, or digit runs of flattened text), `digits` splits concatenated digit
runs, and `table2`/`table3`/`table4` find their rows by the labels of the rule pack.
"""
from .table2 import read_table2
from .table3 import read_table3
from .table4 import read_table4

__all__ = ["read_table2", "read_table3", "read_table4"]
