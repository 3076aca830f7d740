using AdminConsole.Account;
using AdminConsole.Administrators;
using AdminConsole.Agreements;
using AdminConsole.Companies;
using AdminConsole.CompanyUsers;
using AdminConsole.Data;
using AdminConsole.Infrastructure;
using AdminConsole.Subscriptions;
using AdminConsole.Team;
using AdminConsole.Tests.Support;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Microsoft.EntityFrameworkCore;

namespace AdminConsole.Tests.Services;

/// <summary>Text nobody can type: lone surrogates, noncharacters, controls, direction marks, mixed with ordinary text.</summary>
public static class HostileText
{
    private static readonly char[] Pieces =
    [
        'a', 'Z', '0', ' ', '@', '.', 'ø', 'Å', 'é', '\0', '\u0007', '\n', '\t', '\u202E', '\u200F', '\u2066', '\uFFFE', '\uFFFF',
        '\uFDD0', '\uD800', '\uDBFF', '\uDC00', '\uD83D', '\uDE00', '\u0301', '%', '\'', '"', '\\', '<', '>', '\u00A0', '\u3000',
    ];

    public static Arbitrary<string> Strings() => Gen.OneOf(
            ArbMap.Default.GeneratorFor<string>().Select(s => s ?? ""),
            Gen.ArrayOf(Gen.Elements(Pieces)).Select(chars => new string(chars)),
            Gen.Elements(Pieces).Select(c => "admin@nordtal.example" + c),
            // Far past every length limit.
            Gen.Elements(Pieces).Select(c => new string(c, 10_000)),
            Gen.ArrayOf(Gen.Elements(Pieces)).Select(chars => string.Concat(Enumerable.Repeat(new string(chars), 10_000 / Math.Max(1, chars.Length)))))
        .ToArbitrary();
}

/// <summary>
/// Any string at sign-in, in a search or in a form field gets an answer, never an exception: a wrong sign-in, a result
/// page, or a field message. The services run against a real SQLite file.
/// </summary>
public sealed class HostileInputProperties : IAsyncLifetime
{
    private ConsoleApp _app = null!;
    private int _company, _agreement, _bakery, _customer, _orderer, _login;

    public async Task InitializeAsync()
    {
        _app = await ConsoleApp.StartAsync();
        await using var db = _app.Db();
        _company = await db.Companies.Where(c => c.Partner.Name == DemoData.Nordtal && c.Subscription.AgreementType == AgreementType.Internal)
            .OrderBy(c => c.Id).Select(c => c.Id).FirstAsync();
        _agreement = await db.CustomerAgreements.Where(a => a.Partner.Name == DemoData.Nordtal).Select(a => a.Id).FirstAsync();
        _bakery = await db.Companies.Where(c => c.Name == DemoData.SuperuserCompany).Select(c => c.Id).SingleAsync();
        var login = await db.PortalLogins.Where(l => l.Email == DemoData.PortalOrdererEmail).Select(l => l.Id).FirstAsync();
        _login = login;
        var orderer = await db.Orderers.Where(o => o.PortalLoginId == login).FirstAsync();
        (_orderer, _customer) = (orderer.Id, orderer.CustomerId);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    /// <summary>Every public method of a service that takes text: a string, or a record of the console's with a string in it.</summary>
    public static IEnumerable<string> TextMethods() =>
        typeof(Program).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsPublic: true } && t.Name.EndsWith("Service", StringComparison.Ordinal))
            .SelectMany(t => t.GetMethods(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Instance |
                                          System.Reflection.BindingFlags.DeclaredOnly)
                .Where(m => m.GetParameters().Any(p => TakesText(p.ParameterType)))
                .Select(m => $"{t.Name}.{m.Name}"))
            .Distinct().Order();

    private static bool TakesText(Type type) =>
        type == typeof(string) || (Nullable.GetUnderlyingType(type) ?? type) is { Namespace: { } ns } inner &&
        ns.StartsWith("AdminConsole", StringComparison.Ordinal) && !inner.IsEnum &&
        inner.GetProperties().Any(p => p.PropertyType == typeof(string) && p.CanWrite);

    /// <summary>A result, or a <see cref="ConsoleProblem"/> with a message for the form; any other exception fails.</summary>
    private static void Answered(Func<Task> call)
    {
        try
        {
            call().GetAwaiter().GetResult();
        }
        catch (ConsoleProblem problem)
        {
            Assert.NotEmpty(problem.Message);
        }
    }

    /// <summary>
    /// A service as <paramref name="email"/> uses it inside a request: signed in, with an HttpContext (the sign-in and
    /// sign-in security services write cookies).
    /// </summary>
    private T Service<T>(string email) where T : notnull
    {
        var scope = _app.AsAsync(email).GetAwaiter().GetResult();
        var userId = _app.Db().Users.Where(u => u.Email == email).Select(u => u.Id).Single();
        var http = new Microsoft.AspNetCore.Http.DefaultHttpContext
        {
            RequestServices = scope.ServiceProvider,
            User = new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity(
                [new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.NameIdentifier, userId)], "test")),
        };
        scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Http.IHttpContextAccessor>().HttpContext = http;
        return scope.ServiceProvider.GetRequiredService<T>();
    }

    /// <summary>Methods whose text is not typed by anyone: entities, stored keys, a session read from the cookie.</summary>
    private static readonly string[] NotUserText =
    [
        "ActivityService.Describe", "ActivityService.RowOf", "AgreementService.InvoiceFileName",
        "PortalService.CustomersAsync", "PortalService.HomeAsync",
    ];

    /// <summary>What <see cref="Every_service_method_that_takes_text_answers_with_a_result_or_a_problem"/> calls.</summary>
    private static readonly string[] Exercised =
    [
        "ActivationService.ActivateAsync", "ActivationService.CheckAsync", "ActivityService.ExportAsync", "ActivityService.ListAsync",
        "AdministratorService.SearchAsync", "AgreementService.CreateAsync", "AgreementService.CreateCompanyAsync",
        "AgreementService.MoveCompanyToNewAsync", "AgreementService.UpdateAsync", "ClientService.AcceptAsync", "ClientService.AssignAsync",
        "ClientService.DeclineAsync", "ClientService.InviteAsync", "ClientService.OpenAsync", "CompanyService.EnterAsync",
        "CompanyService.ExportAsync", "CompanyService.ListAsync", "CompanyUserService.AcceptAsync",
        "CompanyUserService.CheckInvitationAsync", "CompanyUserService.InviteAsync", "LockedAccountsService.UnlockAsync",
        "PortalService.ChangeDeliveryAddressAsync", "PortalService.ChangePasswordAsync", "PortalService.CheckLinkAsync",
        "PortalService.PlaceOrderAsync", "PortalService.SetPasswordByLinkAsync", "PortalService.SignInAsync",
        "PortalUserService.AddOrdererAsync", "PortalUserService.ChangeOrdererAsync", "PortalUserService.LookupLoginAsync",
        "PortalUserService.SearchCustomersAsync", "PortalUserService.SetPasswordAsync", "ProfileService.SetLanguageAsync",
        "ProfileService.SetTimeZoneAsync", "SignInService.AuthenticatorAsync", "SignInService.PasskeyAsync",
        "SignInService.RecoveryCodeAsync", "SignInService.SignInAsync", "TeamService.ChangeRoleAsync", "TeamService.InviteAsync",
        "TeamService.RemoveAsync", "TeamService.SaveSettingsAsync", "TwoStepService.AddPasskeyAsync",
        "TwoStepService.EnableAuthenticatorAsync", "TwoStepService.RemovePasskeyAsync",
    ];

    [Fact]
    public void Every_service_method_that_takes_text_is_exercised_with_hostile_text() =>
        Assert.Empty(TextMethods().Except(Exercised).Except(NotUserText));

    [Property(MaxTest = 40, Arbitrary = [typeof(HostileText)])]
    public void Every_service_method_that_takes_text_answers_with_a_result_or_a_problem(string text)
    {
        var activity = Service<AdminConsole.Audit.ActivityService>(Demo.Admin);
        var query = new AdminConsole.Audit.ActivityQuery(Person: text, Kind: text, Text: text);
        Answered(() => activity.ListAsync(query));
        Answered(async () => { await foreach (var _ in activity.ExportAsync(query)) break; });
        var agreements = Service<AgreementService>(Demo.Admin);
        Answered(() => agreements.CreateCompanyAsync(_agreement, new NewCompanyInput(text, text, text, Plan.Small,
            AgreementType.External, text, text, text)));
        Answered(() => agreements.MoveCompanyToNewAsync(_company, new AgreementInput(text, text), 0));
        Answered(() => agreements.UpdateAsync(_agreement, new AgreementInput(text, text), 0));
        var clients = Service<AdminConsole.Clients.ClientService>(Demo.Admin);
        Answered(() => clients.InviteAsync(new AdminConsole.Clients.ClientRequest(text, text, text, text, text, AccessRight.ViewCompany, text)));
        Answered(() => clients.OpenAsync(text));
        Answered(() => clients.AcceptAsync(text, new AdminConsole.Clients.ClientDecision(AccessRight.ViewCompany, PaymentMethod.PartnerPays)));
        Answered(() => clients.DeclineAsync(text));
        Answered(() => clients.AssignAsync(_company, text, true));
        var companies = Service<CompanyService>(Demo.Admin);
        Answered(() => companies.EnterAsync(_company, new AdminConsole.Auth.EntryReason(text, text)));
        Answered(async () => { await foreach (var _ in companies.ExportAsync(new CompanyListQuery(Search: text))) break; });
        var users = Service<CompanyUserService>(Demo.Admin);
        Answered(() => users.AcceptAsync(text));
        Answered(() => users.CheckInvitationAsync(text));
        Answered(() => Service<AdminConsole.People.LockedAccountsService>(Demo.Operator).UnlockAsync(text));
        var portalUsers = Service<AdminConsole.PortalUsers.PortalUserService>(Demo.Admin);
        var orderer = new AdminConsole.PortalUsers.OrdererInput(text, text, true, PortalPermission.PlaceOrders);
        Answered(() => portalUsers.AddOrdererAsync(_bakery, _customer, orderer));
        Answered(() => portalUsers.ChangeOrdererAsync(_bakery, _orderer, orderer, 0));
        Answered(() => portalUsers.LookupLoginAsync(_bakery, text));
        Answered(() => portalUsers.SearchCustomersAsync(_bakery, text, 1));
        Answered(() => portalUsers.SetPasswordAsync(_bakery, _orderer, text));
        var portal = Service<AdminConsole.Portal.PortalService>(Demo.Admin);
        var http = new Microsoft.AspNetCore.Http.DefaultHttpContext { RequestServices = _app.Services.CreateScope().ServiceProvider };
        var session = new AdminConsole.Portal.PortalSession(_login, _bakery, DemoData.PortalOrdererEmail, DemoData.SuperuserCompany);
        Answered(() => portal.SignInAsync(http, _bakery, text, text));
        Answered(() => portal.ChangeDeliveryAddressAsync(session, _customer, text));
        Answered(() => portal.ChangePasswordAsync(http, session, _customer, text, text));
        Answered(() => portal.CheckLinkAsync(_bakery, text));
        Answered(() => portal.SetPasswordByLinkAsync(_bakery, text, text));
        Answered(() => portal.PlaceOrderAsync(session, _customer, [new AdminConsole.Portal.OrderLineInput(text, 1)]));
        var profile = Service<ProfileService>(Demo.Admin);
        Answered(() => profile.SetLanguageAsync(text));
        Answered(() => profile.SetTimeZoneAsync(text));
        var signIn = Service<SignInService>(Demo.Admin);
        Answered(() => signIn.AuthenticatorAsync(text));
        Answered(() => signIn.RecoveryCodeAsync(text));
        Answered(() => signIn.PasskeyAsync(text));
        var team = Service<TeamService>(Demo.Legal);
        Answered(() => team.ChangeRoleAsync(text, PartnerRole.PartnerEmployee));
        Answered(() => team.RemoveAsync(text));
        Answered(async () => await team.SaveSettingsAsync((await team.GetAsync()).Settings with { Currency = text }));
        var twoStep = Service<TwoStepService>(Demo.Employee);
        Answered(() => twoStep.AddPasskeyAsync(text, text));
        Answered(() => twoStep.EnableAuthenticatorAsync(text));
        Answered(() => twoStep.RemovePasskeyAsync(text));
    }

    [Property(MaxTest = 150, Arbitrary = [typeof(HostileText)])]
    public void Sign_in_with_any_name_or_password_is_a_wrong_sign_in(string text)
    {
        var signIn = Service<SignInService>(Demo.Admin);
        Assert.Equal(SignInOutcome.Wrong, signIn.SignInAsync(text, text).GetAwaiter().GetResult());
        Assert.Equal(SignInOutcome.Wrong, signIn.SignInAsync(Demo.Admin + text + "\uFFFE", Demo.Password).GetAwaiter().GetResult());
    }

    [Property(MaxTest = 150, Arbitrary = [typeof(HostileText)])]
    public void A_search_for_any_text_answers_with_a_page(string text)
    {
        var companies = _app.ServiceAsAsync<CompanyService>(Demo.Admin).GetAwaiter().GetResult();
        Assert.NotNull(companies.ListAsync(new CompanyListQuery(Search: text)).GetAwaiter().GetResult());
        Assert.NotNull(CompanyListQuery.FromUrl(text, text, text, text, text));
        var administrators = _app.ServiceAsAsync<AdministratorService>(Demo.Admin).GetAwaiter().GetResult();
        Assert.NotNull(administrators.SearchAsync(_company, text, 1).GetAwaiter().GetResult());
    }

    [Property(MaxTest = 100, Arbitrary = [typeof(HostileText)])]
    public void Every_text_field_answers_with_a_message_or_a_save(string text)
    {
        foreach (var max in new[] { TextRules.Name, TextRules.OrganisationNumber, TextRules.Email, TextRules.Message })
        {
            var errors = new Dictionary<string, string>();
            TextRules.Check(errors, "Field", text, max, new Microsoft.Extensions.Localization.StringLocalizer<SharedResource>(
                _app.Services.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizerFactory>()));
            Assert.Equal(!TextRules.IsClean(text) || text.Length > max, errors.ContainsKey("Field"));
        }
        Assert.False(TextRules.IsEmail(text) && !TextRules.IsClean(text));
        Assert.True(TextRules.IsClean(TextRules.Clean(text)));
        Assert.True(TextRules.IsClean(TextRules.SearchTerm(text) ?? ""));
        Assert.True(TextRules.IsClean(TextRules.CsvSafe(text)));

        var subscriptions = _app.ServiceAsAsync<SubscriptionService>(Demo.Admin).GetAwaiter().GetResult();
        Answered(async () => await subscriptions.ChangeAsync(_company, new SubscriptionChange(
            new SubscriptionState(Plan.Small, AgreementType.External, text, text, text), -1)));
        var users = _app.ServiceAsAsync<CompanyUserService>(Demo.Admin).GetAwaiter().GetResult();
        Answered(() => users.InviteAsync(_company, text, text));
        var team = _app.ServiceAsAsync<TeamService>(Demo.Legal).GetAwaiter().GetResult();
        Answered(() => team.InviteAsync(text, text, PartnerRole.PartnerEmployee));
        var agreements = _app.ServiceAsAsync<AgreementService>(Demo.Admin).GetAwaiter().GetResult();
        Answered(() => agreements.CreateAsync(new AgreementInput(text, text)));
        var activation = _app.ServiceAsAsync<ActivationService>(Demo.Admin).GetAwaiter().GetResult();
        Assert.NotEmpty(activation.ActivateAsync(text, text).GetAwaiter().GetResult());
        Assert.Equal(ActivationState.Invalid, activation.CheckAsync(text).GetAwaiter().GetResult().State);
    }
}
