"""An invoice's figures and records, below both the services that issue it and the output that prints
and reports it: line amounts, per-rate sums, forint conversion, cash rounding. No Qt, no I/O."""
