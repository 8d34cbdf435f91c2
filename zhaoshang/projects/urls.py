from django.urls import path

from . import views

app_name = "projects"
# Sections are owned by different modules of views/; keep each section together.
urlpatterns: list = [
    # projects, stages, credits, team, duplicates, investors (views/projects.py, views/investors.py)
    # fund entries and evidence (views/funds.py)
    # obstacles (views/obstacles.py)
    # Excel import/export (views/imports.py)
]
