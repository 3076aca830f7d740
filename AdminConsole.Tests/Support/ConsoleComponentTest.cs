using AdminConsole.Administrators;
using AdminConsole.Agreements;
using AdminConsole.Auth;
using AdminConsole.Companies;
using AdminConsole.CompanyUsers;
using AdminConsole.Live;
using AdminConsole.Subscriptions;
using Bunit;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using MudBlazor.Services;

namespace AdminConsole.Tests.Support;

/// <summary>
/// bUnit over the real services and a real SQLite file: every feature service acts as <see cref="Person"/>,
/// MudBlazor's services and providers are in place, and the renderer is interactive as a circuit is.
/// </summary>
public abstract class ConsoleComponentTest : BunitContext, IAsyncLifetime
{
    protected ConsoleApp App { get; private set; } = null!;
    protected AsyncServiceScope Scope { get; private set; }
    protected IRenderedComponent<MudDialogProvider> Dialogs { get; private set; } = null!;

    /// <summary>Whom the services act as.</summary>
    protected virtual string Person => Demo.Admin;

    public virtual async Task InitializeAsync()
    {
        App = await ConsoleApp.StartAsync();
        Scope = await App.AsAsync(Person);
        Services.AddMudServices();
        Services.AddLocalization(o => o.ResourcesPath = "Resources");
        foreach (var service in new[]
                 {
                     typeof(AccessPolicy), typeof(CompanyService), typeof(AdministratorService), typeof(SubscriptionService),
                     typeof(AgreementService), typeof(CompanyUserService), typeof(AdminConsole.Clients.ClientService),
                     typeof(AdminConsole.PortalUsers.PortalUserService),
                 })
            Services.AddSingleton(service, Scope.ServiceProvider.GetRequiredService(service));
        Services.AddSingleton(App.Services.GetRequiredService<ChangeNotifier>());
        Services.AddScoped<CircuitPresence>();
        JSInterop.Mode = JSRuntimeMode.Loose;
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        Render<MudPopoverProvider>();
        Dialogs = Render<MudDialogProvider>();
        Render<MudSnackbarProvider>();
    }

    public new async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Scope.DisposeAsync();
        await App.DisposeAsync();
    }
}
