"""Koppelen van betrokkenen: normalisatie en validatie van identificerende gegevens."""
