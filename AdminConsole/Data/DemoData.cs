using AdminConsole.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Data;

public sealed class DemoOptions
{
    /// <summary>Seed demo partners, companies and sign-ins into an empty database.</summary>
    public bool Seed { get; set; } = true;
    /// <summary>Password of every demo sign-in.</summary>
    [System.ComponentModel.DataAnnotations.MinLength(10, ErrorMessage = "Demo:Password must have at least 10 characters (the password rules).")]
    public string Password { get; set; } = "Demo-2026!";
}

public sealed record DemoAccount(string Email, string Name, string Role, string Partner);

/// <summary>Demo partners, people and ~200 client companies, written once into an empty database.</summary>
public static class DemoData
{
    public const string Nordtal = "Nordtal Revision ApS";
    public const string Rackbeat = "Rackbeat ApS";
    public const string Fjord = "Fjord Regnskap AS";
    public const string Alpen = "Alpen Treuhand GmbH";
    public const string SuperuserCompany = "Bageriet Hansen ApS";

    public static readonly DemoAccount[] Accounts =
    [
        new("legal@nordtal.example", "Mette Nordtal", "Legal representative", Nordtal),
        new("admin@nordtal.example", "Jonas Holm", "Partner admin", Nordtal),
        new("employee@nordtal.example", "Sara Lind", "Partner employee", Nordtal),
        new("support@rackbeat.example", "Rackbeat Support", "Partner admin", Rackbeat),
        new("admin@fjordregnskap.example", "Ingrid Berg", "Partner admin", Fjord),
        new("admin@alpentreuhand.example", "Lukas Weber", "Partner admin", Alpen),
        new("superuser@bageriet.example", "Karen Hansen", "Company superuser", SuperuserCompany),
        new("operator@adminconsole.example", "Ola Operator", "Operator", "(all partners)"),
    ];

    public static async Task SeedIfEmptyAsync(IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<AppDbContext>();
        if (await db.Partners.AnyAsync(ct))
            return;
        var password = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<DemoOptions>>().Value.Password;
        var now = sp.GetRequiredService<TimeProvider>().UtcNow();
        var users = sp.GetRequiredService<UserManager<AppUser>>();

        var partners = new Dictionary<string, Partner>
        {
            [Nordtal] = new() { Name = Nordtal, AdministratorName = "Nordtal Revision Admin", RequireTwoStep = false },
            [Rackbeat] = new() { Name = Rackbeat, AdministratorName = "Rackbeat Admin", RequireTwoStep = false },
            [Fjord] = new() { Name = Fjord, AdministratorName = "Fjord Regnskap Admin", Currency = "NOK", RequireTwoStep = false },
            [Alpen] = new() { Name = Alpen, AdministratorName = "Alpen Treuhand Admin", Currency = "EUR", RequireTwoStep = false },
        };
        db.Partners.AddRange(partners.Values);

        var agreements = new[]
        {
            new CustomerAgreement { Partner = partners[Nordtal], Name = "Nordtal Standard", CustomerNumber = "10001" },
            new CustomerAgreement { Partner = partners[Nordtal], Name = "Hansen Gruppen", CustomerNumber = "10002" },
            new CustomerAgreement { Partner = partners[Fjord], Name = "Fjord Hovedavtale", CustomerNumber = "20001" },
        };
        db.CustomerAgreements.AddRange(agreements);

        var names = new CompanyNames(2026);
        var companies = new List<Company>();
        void AddCompanies(Partner owner, string country, int count, CustomerAgreement? agreement)
        {
            for (var i = 0; i < count; i++)
            {
                var (name, org, c) = names.Next(country);
                companies.Add(NewCompany(owner, name, org, c, $"{400_000 + companies.Count * 7}", names, now,
                    i % 3 == 0 ? agreement : null));
            }
        }
        var bakery = NewCompany(partners[Nordtal], SuperuserCompany, "31415926", "DK", "399993", names, now, agreements[1]);
        bakery.Subscription.AgreementType = AgreementType.External;
        bakery.Subscription.Plan = Plan.Standard;
        bakery.Subscription.SuperuserName = "Karen Hansen";
        bakery.Subscription.SuperuserLogin = "bageriet";
        bakery.Subscription.SuperuserEmail = "superuser@bageriet.example";
        companies.Add(bakery);
        AddCompanies(partners[Nordtal], "DK", 100, agreements[0]);
        AddCompanies(partners[Nordtal], "NO", 10, null);
        AddCompanies(partners[Fjord], "NO", 55, agreements[2]);
        AddCompanies(partners[Alpen], "DE", 35, null);
        db.Companies.AddRange(companies);
        // Every external company's superuser has a sign-in, pending until it is activated from its e-mail.
        foreach (var company in companies.Where(c => c.Subscription.AgreementType == AgreementType.External && c != bakery))
            db.Users.Add(new AppUser
            {
                Company = company, UserName = company.Subscription.SuperuserLogin,
                NormalizedUserName = users.NormalizeName(company.Subscription.SuperuserLogin),
                Email = company.Subscription.SuperuserEmail, NormalizedEmail = users.NormalizeEmail(company.Subscription.SuperuserEmail),
                DisplayName = company.Subscription.SuperuserName!, LockoutEnabled = true,
                SecurityStamp = Guid.NewGuid().ToString("N"),
            });

        // Rackbeat (an integrator's support) is enrolled in a few Nordtal clients, as in the source article.
        foreach (var company in companies.Where(c => c.Partner == partners[Nordtal]).Skip(1).Take(3))
            db.AdministratorAccesses.Add(new AdministratorAccess
            {
                Company = company, Partner = partners[Rackbeat],
                Rights = AccessRight.ViewCompany | AccessRight.ManageUsers | AccessRight.ExportData,
                GrantedByUserId = "demo", GrantedByName = "Demo data", GrantedAt = now,
            });
        // License users: Lise keeps the books for several companies in one agreement (charged once there) and for the
        // bakery in another agreement (charged again there).
        var standard = companies.Where(c => c.CustomerAgreement == agreements[0]).Take(4).ToList();
        foreach (var (company, i) in standard.Append(bakery).Select((c, i) => (c, i)))
        {
            db.CompanyUsers.Add(NewUser(company, "Lise Bogholder", "lise@bogholderi.example", now));
            db.CompanyUsers.Add(NewUser(company, $"Medarbejder {i + 1}", $"medarbejder{i + 1}@kunde{i + 1}.example", now));
        }
        await db.SaveChangesAsync(ct);

        foreach (var account in Accounts)
        {
            var user = new AppUser
            {
                // The superuser signs in with its superuser ID (or its e-mail); everyone else with the e-mail.
                UserName = account.Partner == SuperuserCompany ? bakery.Subscription.SuperuserLogin : account.Email,
                Email = account.Email, EmailConfirmed = true, DisplayName = account.Name,
                IsOperator = account.Role == "Operator",
                CompanyId = account.Partner == SuperuserCompany ? bakery.Id : null,
            };
            var result = await users.CreateAsync(user, password);
            if (!result.Succeeded)
                throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Description)));
            if (partners.TryGetValue(account.Partner, out var partner))
                db.PartnerMembers.Add(new PartnerMember
                {
                    PartnerId = partner.Id, UserId = user.Id,
                    Role = account.Role switch
                    {
                        "Legal representative" => PartnerRole.LegalRepresentative,
                        "Partner employee" => PartnerRole.PartnerEmployee,
                        _ => PartnerRole.PartnerAdmin,
                    },
                });
        }
        await db.SaveChangesAsync(ct);
        // The demo employee reaches a handful of Nordtal's clients, the bakery among them.
        var employee = await db.Users.SingleAsync(u => u.Email == "employee@nordtal.example", ct);
        foreach (var company in companies.Where(c => c.Partner == partners[Nordtal]).Take(5))
            db.ClientAssignments.Add(new ClientAssignment
            {
                CompanyId = company.Id, UserId = employee.Id, AssignedAt = now, AssignedByName = "Demo data",
            });
        await db.SaveChangesAsync(ct);
        await SeedClientInvitationsAsync(db, companies.Last(c => c.Partner == partners[Nordtal]), partners[Nordtal], now, ct);
        await SeedCustomerPortalAsync(db, bakery, names, sp.GetRequiredService<IPasswordHasher<PortalLogin>>(), password, now, ct);
    }

    public const string PortalOrdererEmail = "anna@cafenordlys.example";

    /// <summary>
    /// The bakery's customer portal: 20,000 customers in its register; Anna orders for two of them with one login
    /// (the demo password), Peter for a third without a password yet, and Bo is a contact who may not sign in.
    /// </summary>
    private static async Task SeedCustomerPortalAsync(AppDbContext db, Company bakery, CompanyNames names,
        IPasswordHasher<PortalLogin> hasher, string password, DateTime now, CancellationToken ct)
    {
        Customer NewCustomer(int number, string name, string address = "") => new()
        {
            CompanyId = bakery.Id, CustomerNumber = number.ToString(System.Globalization.CultureInfo.InvariantCulture), Name = name,
            DeliveryAddress = address,
        };
        var cafe = NewCustomer(10001, "Café Nordlys ApS", "Havnegade 4\n8000 Aarhus C");
        var canteen = NewCustomer(10002, "Kantinen på Havnen", "Kajen 12\n8000 Aarhus C");
        var hotel = NewCustomer(10003, "Hotel Fjordgården", "Fjordvej 1\n7100 Vejle");
        db.Customers.AddRange(cafe, canteen, hotel);
        for (var n = 10004; n < 10001 + 20_000; n++)
            db.Customers.Add(NewCustomer(n, names.Next("DK").Name));

        var anna = new PortalLogin { CompanyId = bakery.Id, Email = PortalOrdererEmail, NormalizedEmail = Auth.SignInNames.Normalize(PortalOrdererEmail)!, PasswordSetAt = now };
        anna.PasswordHash = hasher.HashPassword(anna, password);
        var peter = new PortalLogin { CompanyId = bakery.Id, Email = "peter@fjordgaarden.example", NormalizedEmail = Auth.SignInNames.Normalize("peter@fjordgaarden.example")! };
        var bo = new PortalLogin { CompanyId = bakery.Id, Email = "bo@cafenordlys.example", NormalizedEmail = Auth.SignInNames.Normalize("bo@cafenordlys.example")! };
        db.Orderers.AddRange(
            new Orderer { Customer = cafe, Name = "Anna Kok", Email = anna.Email, PortalLogin = anna, IsInternetUser = true },
            new Orderer
            {
                Customer = canteen, Name = "Anna Kok", Email = anna.Email, PortalLogin = anna, IsInternetUser = true,
                Permissions = PortalPermission.All & ~PortalPermission.SeeInvoices,
            },
            new Orderer { Customer = hotel, Name = "Peter Indkøb", Email = peter.Email, PortalLogin = peter, IsInternetUser = true },
            new Orderer { Customer = cafe, Name = "Bo Regnskab", Email = bo.Email, PortalLogin = bo, IsInternetUser = false });
        db.InternetOrderSettings.Add(new InternetOrderSettings
        {
            CompanyId = bakery.Id, Permissions = PortalPermission.All & ~PortalPermission.ChangeDeliveryAddress,
        });
        foreach (var (item, price) in new[] { ("Rugbrød", 38.00m), ("Croissant", 14.50m), ("Kanelsnegl", 22.00m), ("Sandwichbrød", 42.00m), ("Lagkage (hel)", 185.00m) })
            db.PriceListItems.Add(new PriceListItem { CompanyId = bakery.Id, Name = item, UnitPrice = price });
        await db.SaveChangesAsync(ct);
        var today = DateOnly.FromDateTime(now);
        foreach (var (customer, i) in new[] { cafe, canteen }.Select((c, i) => (c, i)))
            for (var m = 1; m <= 3; m++)
                db.CustomerInvoices.Add(new CustomerInvoice
                {
                    CustomerId = customer.Id, Number = $"F-{2026_100 + i * 10 + m}", IssuedOn = today.AddMonths(-m),
                    Amount = 1_250.00m * m + 310.50m * i,
                });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Nordtal's client invitations: one accepted with fewer rights than asked (the client kept billing to itself),
    /// one pending, one expired. The links of the demo invitations were never sent; Resend makes a working one.
    /// </summary>
    private static async Task SeedClientInvitationsAsync(AppDbContext db, Company joined, Partner nordtal, DateTime now,
        CancellationToken ct)
    {
        var legal = await db.Users.SingleAsync(u => u.Email == "legal@nordtal.example", ct);
        ClientInvitation Invitation(string company, string org, string country, string contact, string email, DateTime sent) => new()
        {
            Partner = nordtal, CompanyName = company, OrganisationNumber = org, Country = country, ContactName = contact,
            ContactEmail = email, RequestedRights = AccessRight.All, Status = ClientInvitationStatus.Pending,
            TokenHash = AdminConsole.Account.OneTimeTokens.Hash(AdminConsole.Account.OneTimeTokens.NewToken()),
            CreatedAt = sent, ExpiresAt = sent.AddDays(14), InvitedByUserId = legal.Id, InvitedByName = legal.DisplayName,
        };
        var granted = AccessRight.All & ~AccessRight.ManageBilling;
        joined.OwnerRights = granted;
        var accepted = Invitation(joined.Name, joined.OrganisationNumber, joined.Country, "Nils Kunde", "nils@kunde.example",
            now.AddDays(-30));
        (accepted.Status, accepted.GrantedRights, accepted.PaymentMethod, accepted.DecidedAt, accepted.Company, accepted.TokenHash) =
            (ClientInvitationStatus.Accepted, granted, PaymentMethod.ClientPays, now.AddDays(-29), joined, null);
        db.ClientInvitations.AddRange(
            accepted,
            Invitation("Fiskerihavnens Bogføring ApS", "DK55443322", "DK", "Maja Fisker", "maja@fiskerihavnen.example", now.AddDays(-2)),
            Invitation("Lindholm Smedie ApS", "DK66778899", "DK", "Per Lindholm", "per@lindholm.example", now.AddDays(-20)));
        await db.SaveChangesAsync(ct);
    }

    private static CompanyUser NewUser(Company company, string name, string email, DateTime now) => new()
    {
        Company = company, Name = name, Email = email, NormalizedEmail = email.ToLowerInvariant(), InvitedAt = now,
        InvitedByName = "Demo data", AcceptedAt = now,
    };

    /// <summary>A demo company; about one in four has an external agreement with its own superuser.</summary>
    public static Company NewCompany(Partner owner, string name, string org, string country, string agreementNumber,
        CompanyNames names, DateTime now, CustomerAgreement? agreement)
    {
        var external = names.NextInt(0, 4) == 0;
        return new Company
        {
            Partner = owner, Name = name, OrganisationNumber = org, Country = country, AgreementNumber = agreementNumber,
            CustomerAgreement = agreement, CreatedAt = now, MonthlyTransactions = names.NextInt(0, 400),
            Subscription = new Subscription
            {
                Plan = names.Pick([Plan.Small, Plan.Standard, Plan.Standard, Plan.Plus]),
                AgreementType = external ? AgreementType.External : AgreementType.Internal,
                SuperuserName = external ? $"Superuser {agreementNumber}" : null,
                SuperuserLogin = external ? $"su{agreementNumber}" : null,
                SuperuserEmail = external ? $"su{agreementNumber}@client.example" : null,
            },
        };
    }
}
