"""HTTP record and replay: vcrpy, direct replay, fetch-ahead, simulation, record modes, the network guard."""
