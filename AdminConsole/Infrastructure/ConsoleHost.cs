using Microsoft.Data.Sqlite;
using AdminConsole.Account;
using AdminConsole.Administrators;
using AdminConsole.Agreements;
using AdminConsole.CompanyUsers;
using AdminConsole.Audit;
using AdminConsole.Auth;
using AdminConsole.Companies;
using AdminConsole.Data;
using AdminConsole.Email;
using AdminConsole.Live;
using AdminConsole.Portal;
using AdminConsole.Subscriptions;
using AdminConsole.Shell;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using MudBlazor.Services;

namespace AdminConsole.Infrastructure;

/// <summary>Builds the console: used by Program, the tests (on a real Kestrel) and the benchmark.</summary>
public static class ConsoleHost
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            // Named, not taken from the entry assembly: under a test host that would be "testhost".
            ApplicationName = typeof(ConsoleHost).Assembly.GetName().Name,
            // The defaults (AdminConsole/appsettings.json) are copied beside the binaries.
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.WebHost.UseStaticWebAssets();
        var settingsPath = OperatorSettings.AddTo(builder);
        SecurityHeaders.DefaultAllowedHosts(builder.Configuration);
        AddServices(builder, settingsPath);
        configure?.Invoke(builder);

        var app = builder.Build();
        Settings.Check(app.Services);
        app.UseProxyAndTls();
        if (!app.Environment.IsDevelopment())
            app.UseExceptionHandler("/error", createScopeForErrors: true);
        app.UseSecurityHeaders();
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseRequestLocalization();
        app.UseRateLimiter();
        app.UseOriginCheck();
        app.UseAuthentication();
        app.UseTwoStepEnrolment();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.UseStaleFormPage();
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        app.MapAccountEndpoints();
        app.MapPortalEndpoints();
        app.MapLanguageSwitch();
        app.MapInvoiceBasis();
        app.MapCompanyListCsv();
        app.MapCompanyExport();
        app.MapActivityCsv();
        app.MapHub<LiveHub>(LiveHub.Path);
        app.MapConsoleHealthChecks();
        return app;
    }

    private static void AddServices(WebApplicationBuilder builder, string? settingsPath)
    {
        var services = builder.Services;
        var config = builder.Configuration;
        services.AddConsoleSettings();
        services.AddSingleton(new OperatorSettingsFile(settingsPath));

        var database = config.GetSection("Database").Get<DatabaseOptions>() ?? new DatabaseOptions();
        // The provider decides which services exist, so it is checked here, before the others.
        if (!database.IsPostgres && !database.IsSqlite)
            throw new StartupException($"AdminConsole cannot start: Database:Provider is \"{database.Provider}\"; use Sqlite or Postgres.");
        // Interceptors registered in DI (a benchmark's SQL recorder, a test's fault injector) join every context.
        if (database.IsPostgres)
        {
            services.AddDbContextFactory<PostgresDbContext>((sp, o) =>
                o.UseNpgsql(database.ConnectionString).AddInterceptors(sp.GetServices<IInterceptor>())
                    .AddInterceptors(new WellFormedParameters()));
            services.AddSingleton<IDbContextFactory<AppDbContext>, PostgresContextFactory>();
            services.AddScoped(sp => sp.GetRequiredService<IDbContextFactory<AppDbContext>>().CreateDbContext());
        }
        else
        {
            var connectionString = DatabaseSetup.ResolveSqlite(database.ConnectionString,
                OperatorSettings.BaseDirectory(settingsPath, builder.Environment));
            var writing = new SqliteWriting(TimeSpan.FromSeconds(new SqliteConnectionStringBuilder(connectionString).DefaultTimeout));
            services.AddDbContextFactory<AppDbContext>((sp, o) =>
                o.UseSqlite(connectionString).AddInterceptors(sp.GetServices<IInterceptor>()).AddInterceptors(writing));
        }

        services.AddProxyAndTls(config);
        services.AddSingleton<DatabaseWriteState>();
        services.AddSingleton<SqliteRunningMarker>();
        services.AddSingleton<IInterceptor, DatabaseWriteWatcher>();
        services.AddSingleton<IInterceptor, SessionEnds>();

        services.AddLocalization(o => o.ResourcesPath = "Resources");
        services.AddLanguages();
        // Inputs cap their text (TextRules); the larger message limit means a pasted oversize value gets a field
        // message instead of resetting the connection.
        services.AddRazorComponents().AddInteractiveServerComponents()
            .AddHubOptions(o => o.MaximumReceiveMessageSize = 256 * 1024);
        // How many consoles whose browser went away are kept, and for how long, so a person whose network drops comes
        // back to the page as it was; each costs its memory until then (README, "Configure").
        services.Configure<Microsoft.AspNetCore.Components.Server.CircuitOptions>(config.GetSection("Circuits"));
        services.AddMudServices();
        services.AddTransient<MudBlazor.MudLocalizer, ConsoleMudLocalizer>();
        services.AddHttpContextAccessor();

        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, IdentityRevalidatingAuthenticationStateProvider>();
        services.AddScoped<Microsoft.AspNetCore.Components.Server.Circuits.CircuitHandler, SessionListener>();
        services.AddScoped<AdminConsole.Live.CircuitPresence>();
        services.AddScoped<Microsoft.AspNetCore.Components.Server.Circuits.CircuitHandler, AdminConsole.Live.CircuitPresenceHandler>();
        services.AddAuthorization();
        // One key ring in the database: a cookie or antiforgery token issued by one node (or before a restart) is
        // read by every other.
        services.AddFormRateLimits();
        services.AddDataProtection().SetApplicationName("AdminConsole").PersistKeysToDbContext<AppDbContext>();
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = IdentityConstants.ApplicationScheme;
                o.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddIdentityCookies();
        // The customer portal's own cookie: never the console's, and a console cookie never signs anyone in to it.
        services.AddAuthentication().AddCookie(AdminConsole.Portal.PortalService.Scheme, o =>
        {
            o.Cookie.Name = "AdminConsole.Portal";
            o.Cookie.Path = "/portal";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
        });
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/account/login";
            o.LogoutPath = "/account/logout";
            o.AccessDeniedPath = "/account/denied";
            o.Cookie.Name = "AdminConsole.Auth";
            // Static files (scripts, styles) need no person: checking the cookie there would cost a query per file.
            o.Events.OnValidatePrincipal = context =>
                context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.StaticAssets.StaticAssetDescriptor>()
                    is not null
                    ? Task.CompletedTask
                    : SecurityStampValidator.ValidatePrincipalAsync(context);
            // Signing in on the login page honours ?returnUrl= by itself: only ever to a plain local path.
            o.Events.OnRedirectToReturnUrl = context =>
            {
                context.Response.Redirect(LocalUrl.Safe(context.RedirectUri));
                return Task.CompletedTask;
            };
        });
        var security = config.GetSection("Security").Get<SecurityOptions>() ?? new SecurityOptions();
        services.AddIdentityCore<AppUser>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.Lockout.AllowedForNewUsers = true;
                // The account itself; per address, SignInThrottle locks much sooner (MaxFailedSignIns).
                o.Lockout.MaxFailedAccessAttempts = security.MaxFailedSignInsAllAddresses;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(security.LockoutMinutes);
                o.Password.RequiredLength = 10;
                // Version 3 adds passkeys (WebAuthn credentials) to the store.
                o.Stores.SchemaVersion = IdentitySchemaVersions.Version3;
            })
            .AddEntityFrameworkStores<AppDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders()
            .AddTokenProvider<AuthenticatorCodes>(TokenOptions.DefaultAuthenticatorProvider)
            .AddErrorDescriber<LocalizedIdentityErrors>();
        services.Replace(ServiceDescriptor.Scoped<ILookupNormalizer, SignInNames>());
        services.Replace(ServiceDescriptor.Scoped<IUserStore<AppUser>, ConsoleUserStore>());
        // The cookie is checked against the database on every request: sign-out, lockout and deletion end it at once.
        services.Configure<SecurityStampValidatorOptions>(o =>
        {
            o.ValidationInterval = TimeSpan.Zero;
            o.OnRefreshingPrincipal = TwoStepRule.KeepSessionClaims;
        });
        services.AddScoped<ISecurityStampValidator, ConsoleSecurityStampValidator>();
        services.AddScoped<SignInService>();
        services.AddSingleton<SignInThrottle>();
        services.AddScoped<TwoStepRule>();
        services.AddScoped<TwoStepService>();
        services.AddScoped<TwoStepNotices>();
        services.AddScoped<PasswordRules>();
        services.AddScoped<ProfileService>();

        services.TryAddSingleton(TimeProvider.System);
        services.AddScoped<ICurrentActor, CurrentActor>();
        services.AddScoped<AccessPolicy>();
        services.AddScoped<ManagedCompany>();
        services.AddScoped<Visit>();
        services.AddScoped<PersonClock>();
        services.AddScoped<CompanyService>();
        services.AddScoped<SubscriptionService>();
        services.AddScoped<ActivationService>();
        services.AddScoped<OutboxService>();
        services.AddScoped<AdministratorService>();
        services.AddScoped<AgreementService>();
        services.AddScoped<CompanyUserService>();
        services.AddScoped<AdminConsole.Clients.ClientService>();
        services.AddScoped<AdminConsole.Team.TeamService>();
        services.AddScoped<AdminConsole.PortalUsers.PortalUserService>();
        services.AddScoped<AdminConsole.Portal.PortalService>();
        services.AddScoped<AdminConsole.Audit.ActivityService>();
        services.AddScoped<AdminConsole.Audit.AccessLogService>();
        services.AddScoped<AdminConsole.People.LockedAccountsService>();
        services.AddScoped<IPasswordHasher<PortalLogin>, PasswordHasher<PortalLogin>>();
        services.AddSingleton<AccessExpiry>();
        services.AddHostedService(sp => sp.GetRequiredService<AccessExpiry>());
        services.AddSingleton<AccessReminders>();
        services.AddHostedService(sp => sp.GetRequiredService<AccessReminders>());
        services.AddSingleton<AccessDigest>();
        services.AddHostedService(sp => sp.GetRequiredService<AccessDigest>());
        services.AddSingleton<ChangeNotifier>();
        AddLiveUpdates(services, config);

        services.AddSingleton<EmailOutbox>();
        services.AddSingleton<PublicLinks>();
        services.AddSingleton<MailSender>();
        services.AddSingleton<OutboxDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxDispatcher>());
    }

    /// <summary>The typed hub, and with LiveUpdates:Redis set, the Redis relay and the hub's Redis backplane.</summary>
    private static void AddLiveUpdates(IServiceCollection services, IConfiguration config)
    {
        var live = config.GetSection("LiveUpdates").Get<LiveUpdatesOptions>() ?? new LiveUpdatesOptions();
        services.AddSignalR();
        services.AddSingleton<LiveConnections>();
        services.AddHostedService(sp => sp.GetRequiredService<LiveConnections>());
        services.AddHostedService<HubRelay>();
        services.AddConsoleHealthChecks(redis: live.Redis.Length > 0);
        if (live.Redis.Length == 0)
            return;
        services.AddSingleton(sp => new RedisConnection(live.Redis, sp.GetRequiredService<ILogger<RedisConnection>>()));
        services.AddHostedService<RedisRelay>();
        // The backplane serves only LiveHub: Blazor's own circuits must not depend on Redis being up.
        services.Configure<Microsoft.AspNetCore.SignalR.StackExchangeRedis.RedisOptions>(o =>
        {
            o.Configuration = ConfigurationOptionsFor(live.Redis);
            o.Configuration.ChannelPrefix = StackExchange.Redis.RedisChannel.Literal("adminconsole-hub");
        });
        services.AddSingleton<Microsoft.AspNetCore.SignalR.HubLifetimeManager<LiveHub>,
            Microsoft.AspNetCore.SignalR.StackExchangeRedis.RedisHubLifetimeManager<LiveHub>>();
    }

    private static StackExchange.Redis.ConfigurationOptions ConfigurationOptionsFor(string configuration)
    {
        var options = StackExchange.Redis.ConfigurationOptions.Parse(configuration);
        options.AbortOnConnectFail = false;
        return options;
    }

    /// <summary>Migrates, seeds when configured, and returns the app ready to start; a <see cref="StartupException"/> when the database cannot be used.</summary>
    public static async Task PrepareAsync(WebApplication app)
    {
        var demo = app.Services.GetRequiredService<IOptions<DemoOptions>>().Value;
        await DatabaseSetup.PrepareAsync(app.Services, demo.Seed);
    }
}

public sealed record OperatorSettingsFile(string? Path);

public sealed class SecurityOptions
{
    [System.ComponentModel.DataAnnotations.Range(1, 1_000, ErrorMessage = "Security:MaxFailedSignIns must be between 1 and 1000.")]
    public int MaxFailedSignIns { get; set; } = 5;
    /// <summary>Failures from all addresses together that lock the account itself (until it expires or an operator unlocks it).</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 100_000, ErrorMessage = "Security:MaxFailedSignInsAllAddresses must be between 1 and 100000.")]
    public int MaxFailedSignInsAllAddresses { get; set; } = 20;

    /// <summary>The first delay before answering an address after its third failure; it doubles with each further one.</summary>
    [System.ComponentModel.DataAnnotations.Range(0, 8_000, ErrorMessage = "Security:SignInDelayMilliseconds must be between 0 and 8000.")]
    public int SignInDelayMilliseconds { get; set; } = 500;

    [System.ComponentModel.DataAnnotations.Range(1, 525_600, ErrorMessage = "Security:LockoutMinutes must be between 1 and 525600.")]
    public int LockoutMinutes { get; set; } = 15;

    /// <summary>Posts a minute from one address to the sign-in and one-time-link forms (<see cref="FormRateLimits"/>).</summary>
    [System.ComponentModel.DataAnnotations.Range(1, 100_000, ErrorMessage = "Security:FormPostsPerMinute must be between 1 and 100000.")]
    public int FormPostsPerMinute { get; set; } = 20;

    /// <summary>Other origins (scheme://host[:port]) whose pages may open live connections, e.g. behind a proxy.</summary>
    public string[] AllowedOrigins { get; set; } = [];
}
