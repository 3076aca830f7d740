#!/usr/bin/env python3
"""Adds every L["..."] text used in AdminConsole/ to Resources/SharedResource.resx (English), keeping
what is there. Texts built at run time (plan names, section titles) are listed in EXTRA.
Run after adding UI text; a test fails while a text is missing."""
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
         "Customers"]
PATTERN = re.compile(r'(?:L\[|RequiredText\()"((?:[^"\\]|\\.)*)"')

def used():
    keys = set(EXTRA)
    for path in list(ROOT.rglob("*.razor")) + list(ROOT.rglob("*.cs")):
        if "/obj/" in str(path) or "/bin/" in str(path):
            continue
        for m in PATTERN.finditer(path.read_text(encoding="utf-8")):
            keys.add(m.group(1).replace('\\"', '"'))
    return keys

def existing():
    if not RESX.exists():
        return {}
    text = RESX.read_text(encoding="utf-8")
    return {html.unescape(k): html.unescape(v) for k, v in
            re.findall(r'<data name="([^"]*)" xml:space="preserve">\s*<value>(.*?)</value>', text, re.S)}

def main():
    entries = existing()
    for key in used():
        entries.setdefault(key, key)
    RESX.parent.mkdir(exist_ok=True)
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
    RESX.write_text("\n".join(out) + "\n", encoding="utf-8")
    print(f"{len(entries)} texts in {RESX.relative_to(ROOT.parent)}")

main()
