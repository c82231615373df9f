"""Document stage: the parsed report model, sections, tables, rule packs and the relations between cells."""
