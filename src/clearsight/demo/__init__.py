"""`make demo`: a store built from invented agency files, and the merged chronology it gives."""
