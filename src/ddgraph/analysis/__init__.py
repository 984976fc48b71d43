"""Analyses over dated networkx views: one module per family (connectivity, paths, timeline, centrality)."""
