using System.Reflection;

namespace ActorReplication.Integration.Tests.Infrastructure;

/// <summary>Where the node's build output is, relative to this test assembly (same configuration and framework).</summary>
public static class TestPaths
{
    /// <summary>Debug or Release: the configuration this test assembly was built in.</summary>
    public static string Configuration { get; } =
        typeof(TestPaths).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration
        ?? throw new InvalidOperationException("The test assembly has no AssemblyConfigurationAttribute");

    /// <summary>The directory holding ActorReplication.sln, found by walking up from the test assembly.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>src/ActorReplication.Node/bin/{Configuration}/{tfm}/ActorReplication.Node.dll.</summary>
    public static string NodeDll { get; } = FindNodeDll();

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ActorReplication.sln"))) return dir.FullName;
        throw new InvalidOperationException($"No ActorReplication.sln above {AppContext.BaseDirectory}");
    }

    private static string FindNodeDll()
    {
        // The test assembly lives in .../bin/{Configuration}/{tfm}/; the node is built for the same tfm.
        var tfm = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Name;
        var dll = Path.Combine(RepositoryRoot, "src", "ActorReplication.Node", "bin", Configuration, tfm, "ActorReplication.Node.dll");
        if (!File.Exists(dll))
            throw new InvalidOperationException($"The node is not built at {dll}: build the solution (the test project references the node project)");
        return dll;
    }

    /// <summary>A new empty directory under the system temp directory.</summary>
    public static string NewTempDirectory(string prefix)
    {
        var dir = Path.Combine(Path.GetTempPath(), $"{prefix}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        return dir;
    }

    public static void DeleteDirectory(string dir)
    {
        try
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a temp directory left behind is harmless.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
