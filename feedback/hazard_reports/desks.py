"""The duty officer's home: the live list of citizen hazard reports is their whole job."""

from firesvc.accounts.roles import Role
from firesvc.core.desks import register_landing

register_landing(Role.DUTY_OFFICER, "hazard_reports:duty")
