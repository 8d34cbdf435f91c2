from .index import index_export, index_ranking, index_unit, team_detail, weights_edit

__all__ = ["index_export", "index_ranking", "index_unit", "team_detail", "weights_edit"]
