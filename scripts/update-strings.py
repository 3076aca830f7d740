#!/usr/bin/env python3
"""Adds every L["..."] text used in AdminConsole/ to Resources/SharedResource.resx (English), keeping
what is there. Texts built at run time (plan names, section titles) are listed in EXTRA.
The translations (SharedResource.da/nb/de.resx) keep their texts for keys still in use and drop the rest; keys
they lack are listed here for a translator to add (a test fails while one is missing).
Run after adding UI text."""
import html, pathlib, re

ROOT = pathlib.Path(__file__).resolve().parent.parent / "AdminConsole"
RESX = ROOT / "Resources" / "SharedResource.resx"
EXTRA = ["Small", "Standard", "Plus", "Internal", "External", "Subscription", "Company", "Partner access",
         "View company", "Manage subscription", "Manage administrators", "Manage users and portal logins",
         "Manage billing", "Export data",
         # AccessPolicy.RightDescription
         "See the company, its subscription and who has access. Always included.",
         "Change the plan and switch between an internal and an external agreement.",
         "Select, change and deselect other partners' administrators.",
         "Invite and remove the company's users and its customer-portal logins.",
         "See and change the customer agreement the company is billed under.",
         "Download the company's data as CSV files.",
         # PortalPermissions.Name and WhyOff
         "Place orders", "See prices", "See order history", "See invoices", "Change delivery address", "Change own password",
         "Off company-wide", "Off for this orderer", "Off here and company-wide",
         # SettingsSections: groups and titles
         "Subscription status", "Company details", "Administrators", "Users", "Customer portal", "Internet order settings",
         "Customers",
         # AuditLog.Shown: names stored in English, shown in the reader's language
         "Operator", "System", "Access end date", "Customer portal"]
# MudBlazor's own texts the console shows (key: MudBlazor's English), served by ConsoleMudLocalizer.
MUD = {"MudAlert_Close": "Close", "MudChip_Close": "Close", "MudDialog_Close": "Close", "MudSnackbar_Close": "Close",
       "MudInput_Clear": "Clear", "MudInput_Increment": "Increment", "MudInput_Decrement": "Decrement",
       "MudPagination_CurrentPage": "Current page {0}", "MudPagination_FirstPage": "First page",
       "MudPagination_LastPage": "Last page", "MudPagination_NextPage": "Next page", "MudPagination_PageIndex": "Page {0}",
       "MudPagination_PreviousPage": "Previous page", "MudTable_Loading": "Loading", "MudFormComponent_Required": "Required",
       "MudSelect_SelectAll": "Select all", "MudNavGroup_ToggleExpand": "Toggle {0}", "MudTabs_ScrollLeft": "Scroll tabs left",
       "MudTabs_ScrollRight": "Scroll tabs right", "MudTabs_ScrollUp": "Scroll tabs up", "MudTabs_ScrollDown": "Scroll tabs down",
       "MudBaseDatePicker_Open": "Open", "MudTablePager_FirstPage": "First page", "MudTablePager_LastPage": "Last page",
       "MudTablePager_NextPage": "Next page", "MudTablePager_PreviousPage": "Previous page"}
# What each audit action key means (ActivityService.Describe): key: English.
AUDIT = {"audit.administrator.changed": "Changed an administrator's access",
         "audit.administrator.deselected": "Deselected an administrator",
         "audit.administrator.expired": "An administrator's access reached its end date",
         "audit.administrator.selected": "Selected an administrator",
         "audit.agreement.changed": "Changed a customer agreement",
         "audit.agreement.created": "Created a customer agreement",
         "audit.agreement.deleted": "Deleted a customer agreement",
         "audit.client.accepted": "The client accepted the invitation",
         "audit.client.assigned": "Assigned an employee to the client",
         "audit.client.declined": "The client declined the invitation",
         "audit.client.invited": "Invited a client",
         "audit.client.resent": "Resent a client invitation",
         "audit.client.revoked": "Revoked a client invitation",
         "audit.client.unassigned": "Took an employee off the client",
         "audit.company.created": "Created the company",
         "audit.company.entered": "Entered the company",
         "audit.company.digest-changed": "Turned the weekly access digest on or off",
         "audit.company.exported": "Exported the company's data",
         "audit.company.moved": "Moved the company to another customer agreement",
         "audit.login.activated": "Activated a login",
         "audit.portal.address.changed": "Changed the delivery address in the portal",
         "audit.portal.order.placed": "Placed an order in the portal",
         "audit.portal.orderer.added": "Added an orderer",
         "audit.portal.orderer.changed": "Changed an orderer",
         "audit.portal.orderer.removed": "Removed an orderer",
         "audit.portal.password-link.sent": "Sent a set-password link for the portal",
         "audit.portal.password.changed": "Changed their portal password",
         "audit.portal.password.chosen": "Chose a portal password from the link",
         "audit.portal.password.set": "Set a portal password",
         "audit.portal.settings.changed": "Changed the internet order settings",
         "audit.portal.signed-in": "Signed in to the portal",
         "audit.subscription.activation-resent": "Resent the activation e-mail",
         "audit.subscription.changed": "Changed the subscription",
         "audit.team.invited": "Invited a colleague to the team",
         "audit.team.removed": "Removed someone from the team",
         "audit.team.role-changed": "Changed a team member's role",
         "audit.partner.settings-changed": "Changed the partner's settings",
         "audit.person.two-step-added": "Added a second sign-in step",
         "audit.person.two-step-removed": "Removed a second sign-in step",
         "audit.person.recovery-codes-renewed": "Made new recovery codes",
         "audit.person.recovery-code-used": "Signed in with a recovery code",
         "audit.person.unlocked": "Unlocked an account",
         "audit.user.accepted": "A user accepted the invitation",
         "audit.user.invited": "Invited a user",
         "audit.user.removed": "Removed a user"}
PATTERN = re.compile(r'(?:L\[|RequiredText\()"((?:[^"\\]|\\.)*)"')

def used():
    keys = set(EXTRA)
    for path in list(ROOT.rglob("*.razor")) + list(ROOT.rglob("*.cs")):
        if "/obj/" in str(path) or "/bin/" in str(path):
            continue
        for m in PATTERN.finditer(path.read_text(encoding="utf-8")):
            keys.add(m.group(1).replace('\\"', '"'))
    return keys

def read(path):
    if not path.exists():
        return {}
    text = path.read_text(encoding="utf-8")
    return {html.unescape(k): html.unescape(v) for k, v in
            re.findall(r'<data name="([^"]*)" xml:space="preserve">\s*<value>(.*?)</value>', text, re.S)}

def write(path, entries):
    out = ['<?xml version="1.0" encoding="utf-8"?>', "<root>",
           '  <resheader name="resmimetype"><value>text/microsoft-resx</value></resheader>',
           '  <resheader name="version"><value>2.0</value></resheader>',
           '  <resheader name="reader"><value>System.Resources.ResXResourceReader, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>',
           '  <resheader name="writer"><value>System.Resources.ResXResourceWriter, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>']
    for key in sorted(entries, key=str.lower):
        out.append(f'  <data name="{html.escape(key, quote=False).replace(chr(34), "&quot;")}" xml:space="preserve">')
        out.append(f"    <value>{html.escape(entries[key], quote=False)}</value>")
        out.append("  </data>")
    out.append("</root>")
    path.write_text("\n".join(out) + "\n", encoding="utf-8")

def main():
    keys = used()
    entries = {k: v for k, v in read(RESX).items() if k in keys or k in MUD or k in AUDIT}
    for key in keys:
        entries.setdefault(key, key)
    for key, english in {**MUD, **AUDIT}.items():
        entries[key] = english
    RESX.parent.mkdir(exist_ok=True)
    write(RESX, entries)
    print(f"{len(entries)} texts in {RESX.relative_to(ROOT.parent)}")
    for lang in ("da", "nb", "de"):
        path = RESX.with_name(f"SharedResource.{lang}.resx")
        translated = {k: v for k, v in read(path).items() if k in entries}
        write(path, translated)
        missing = [k for k in entries if k not in translated]
        print(f"{lang}: {len(translated)} translated" + (f", {len(missing)} to translate:" if missing else ""))
        for key in missing:
            print(f"  {key}")

main()
