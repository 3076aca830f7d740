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
            Gen.Elements(Pieces).Select(c => "admin@nordtal.example" + c))
        .ToArbitrary();
}

/// <summary>
/// Any string at sign-in, in a search or in a form field gets an answer, never an exception: a wrong sign-in, a result
/// page, or a field message. The services run against a real SQLite file.
/// </summary>
public sealed class HostileInputProperties : IAsyncLifetime
{
    private ConsoleApp _app = null!;
    private int _company;

    public async Task InitializeAsync()
    {
        _app = await ConsoleApp.StartAsync();
        await using var db = _app.Db();
        _company = await db.Companies.Where(c => c.Partner.Name == DemoData.Nordtal && c.Subscription.AgreementType == AgreementType.Internal)
            .OrderBy(c => c.Id).Select(c => c.Id).FirstAsync();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static void Answered(Func<Task> call)
    {
        try
        {
            call().GetAwaiter().GetResult();
        }
        catch (ValidationProblem problem)
        {
            Assert.NotEmpty(problem.Message);
        }
    }

    [Property(MaxTest = 150, Arbitrary = [typeof(HostileText)])]
    public void Sign_in_with_any_name_or_password_is_a_wrong_sign_in(string text)
    {
        var signIn = _app.ServiceAsAsync<SignInService>(Demo.Admin).GetAwaiter().GetResult();
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
