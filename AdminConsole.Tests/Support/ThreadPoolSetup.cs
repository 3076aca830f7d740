using System.Runtime.CompilerServices;

namespace AdminConsole.Tests.Support;

/// <summary>
/// Many test classes run at once on two cores, each with a console, a database and (bUnit) a renderer that waits on
/// the thread pool: more threads from the start keep a busy run slower instead of starved.
/// </summary>
internal static class ThreadPoolSetup
{
    [ModuleInitializer]
    internal static void RaiseMinThreads()
    {
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, Environment.ProcessorCount * 8), io);
    }
}
