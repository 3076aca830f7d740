using System.Diagnostics;
using AdminConsole.Tests.Support;

namespace AdminConsole.Tests.Web;

/// <summary>
/// The self-contained program from scripts/publish.sh, run the way a support laptop runs it: no .NET on the PATH, an
/// empty folder. It migrates, seeds the demo data and serves the sign-in page.
/// </summary>
public sealed class LaptopBinaryTests
{
    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(dir!.FullName, "AdminConsole.sln")))
            dir = dir.Parent;
        return dir.FullName;
    }

    [SqliteFact]
    public async Task The_linux_program_starts_without_dotnet_migrates_seeds_and_serves_the_sign_in_page()
    {
        var folder = Directory.CreateTempSubdirectory("adminconsole-laptop-").FullName;
        try
        {
            var publish = new ProcessStartInfo("bash", [Path.Combine(RepositoryRoot(), "scripts", "publish.sh"), "linux-x64"])
            {
                RedirectStandardOutput = true, RedirectStandardError = true, Environment = { ["OUTPUT"] = folder },
            };
            using (var build = Process.Start(publish)!)
            {
                var log = build.StandardOutput.ReadToEndAsync();
                var errors = build.StandardError.ReadToEndAsync();
                await build.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(10));
                Assert.True(build.ExitCode == 0, await log + await errors);
            }
            Assert.True(File.Exists(Path.Combine(folder, "AdminConsole-linux-x64.tar.gz")));

            var port = Loopback.FreePort();
            var run = new ProcessStartInfo(Path.Combine(folder, "linux-x64", "AdminConsole"),
                [$"--Urls=http://127.0.0.1:{port}", $"--PublicBaseUrl=http://127.0.0.1:{port}"])
            {
                RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = folder,
            };
            // No SDK and no runtime to find: nothing on the PATH, no DOTNET_ROOT.
            run.Environment["PATH"] = "/nonexistent";
            foreach (var name in run.Environment.Keys.Where(k => k.StartsWith("DOTNET_", StringComparison.Ordinal) ||
                                                                 k.StartsWith("ASPNETCORE_", StringComparison.Ordinal) ||
                                                                 k == "ADMINCONSOLE_SETTINGS").ToList())
                run.Environment.Remove(name);
            using var console = Process.Start(run)!;
            try
            {
                // The welcome: where to sign in and the demo sign-ins, ending with how to stop.
                string? line;
                var seen = new List<string>();
                while ((line = await console.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(120))) is not null &&
                       !line.Contains("Press Ctrl+C to stop.", StringComparison.Ordinal))
                    seen.Add(line);
                if (line is null)   // (stderr is read only then: reading it waits for the program to end)
                    Assert.Fail(string.Join("\n", seen) + await console.StandardError.ReadToEndAsync());
                Assert.Contains(seen, l => l.Contains($"Sign in at: http://127.0.0.1:{port}/account/login", StringComparison.Ordinal));
                Assert.Contains(seen, l => l.Contains("operator@adminconsole.example", StringComparison.Ordinal));

                using var http = new HttpClient();
                var page = await http.GetStringAsync($"http://127.0.0.1:{port}/account/login");
                Assert.Contains("E-mail or user ID", page);
                Assert.True(File.Exists(Path.Combine(folder, "linux-x64", "data", "adminconsole.db")));
            }
            finally
            {
                console.Kill(entireProcessTree: true);
                await console.WaitForExitAsync();
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
