using AdminConsole.Data;
using AdminConsole.Infrastructure;
using Microsoft.AspNetCore.Connections;

if (args.FirstOrDefault() == "generate")
    return await LargeDataSet.RunAsync(args.Skip(1).ToArray());
if (args.FirstOrDefault() is "backup" or "restore")
    return await DatabaseCommands.RunAsync(args);

WebApplication app;
try
{
    app = ConsoleHost.Build(args);
    await ConsoleHost.PrepareAsync(app);
}
catch (StartupException failure)
{
    // One line the operator can act on, not a stack trace.
    await Console.Error.WriteLineAsync(failure.Message);
    return 1;
}
app.Lifetime.ApplicationStarted.Register(() => Welcome.Print(app));
try
{
    await app.RunAsync();
}
catch (IOException failure) when (failure.InnerException is System.Net.Sockets.SocketException or AddressInUseException)
{
    await Console.Error.WriteLineAsync($"AdminConsole cannot start: {failure.Message} Set another address with --Urls.");
    return 1;
}
return 0;

public partial class Program;
