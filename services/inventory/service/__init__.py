"""Use cases of the inventory service: functions taking the unit of work their caller opened
(the route, the event applier or the background job); the only modules that publish events."""
