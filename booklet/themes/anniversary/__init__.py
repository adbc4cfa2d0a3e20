"""The default theme: the design of the 25-years booklet."""
