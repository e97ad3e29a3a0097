"""The benchmark harness behind `bench/run.py`: page cases and their raw SQL (`cases`), timing
and query counting (`measure`), exports (`exports`) and the printed report (`report`)."""
