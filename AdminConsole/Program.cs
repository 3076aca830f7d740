using AdminConsole.Data;
using AdminConsole.Infrastructure;

if (args.FirstOrDefault() == "generate")
    return await LargeDataSet.RunAsync(args.Skip(1).ToArray());

var app = ConsoleHost.Build(args);
await ConsoleHost.PrepareAsync(app);
app.Lifetime.ApplicationStarted.Register(() => Welcome.Print(app));
await app.RunAsync();
return 0;

public partial class Program;
