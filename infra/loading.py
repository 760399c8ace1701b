"""Model instances built from database rows without going through ``Model.__init__``.

Django builds every loaded row with ``Model.__init__``: a loop over all the model's
fields, each value set through its descriptor, and the pre_init/post_init signals. For
a list of forty stories with their regions and photos that cost more than the query.
``QuickLoad.from_db`` puts the loaded values straight into the instance's ``__dict__``,
which is what ``__init__`` ends up doing for the fields these models have (plain,
foreign key and file columns: their descriptors only store the value on a new instance;
a test checks every concrete field of every model using it). Fields
that were not loaded stay deferred, as with ``only()``, and the signals are still sent
whenever anything listens to them for the model.
"""

from django.db.models.base import ModelState
from django.db.models.signals import post_init, pre_init


class QuickLoad:
    @classmethod
    def from_db(cls, db, field_names, values, *, fetch_mode=None):
        if pre_init.receivers and pre_init.has_listeners(cls):
            return super().from_db(db, field_names, values, fetch_mode=fetch_mode)
        new = cls.__new__(cls)
        state = new._state = ModelState()
        state.adding = False
        state.db = db
        if fetch_mode is not None:
            state.fetch_mode = fetch_mode
        new.__dict__.update(zip(field_names, values, strict=True))
        if post_init.receivers and post_init.has_listeners(cls):
            post_init.send(sender=cls, instance=new)
        return new
