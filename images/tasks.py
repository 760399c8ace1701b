from django.tasks import task


@task()
def generate_renditions(image_id: int) -> None:
    """Make (or remake) the crops of one library photo."""
    from images.services import refresh_renditions

    refresh_renditions(image_id=image_id)
