using System.Net;
using Akka.Actor;
using ActorReplication.Cache.Actors;
using ActorReplication.Cache.Keyspace;
using ActorReplication.Configuration;
using ActorReplication.Node.Membership;
using ActorReplication.Node.Resp;
using ActorReplication.Node.Server;
using Akka.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace ActorReplication.Node.Hosting;

/// <summary>Starts a node: config, actor system, keyspace actor, and the RESP listener on Kestrel.</summary>
public static class NodeHost
{
    /// <summary>Runs a node on <paramref name="config"/>, loaded and checked by <see cref="NodeConfiguration.Load"/>.</summary>
    public static int Run(Config config, string? configFile)
    {
        var settings = NodeSettings.FromConfig(config);
        var node = new NodeRuntime(config, settings, configFile);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        if (settings.LogFile.Length > 0)
        {
            // As redis-server: with a logfile, the log goes there and not to the console.
            FileLoggerProvider fileLog;
            try
            {
                fileLog = new FileLoggerProvider(settings.LogFile);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"Can't open the log file '{settings.LogFile}' (server.logfile): {ex.Message}");
                return 1;
            }
            builder.Logging.AddProvider(fileLog);
        }
        else
        {
            builder.Logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "dd MMM yyyy HH:mm:ss.fff ";
                o.ColorBehavior = LoggerColorBehavior.Disabled;
            });
        }
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        // Inline scheduling: parse, execute and reply on the socket's own turn (see docs/decisions/0003).
        builder.WebHost.UseSockets(o => o.UnsafePreferInlineScheduling = true);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            foreach (var address in settings.Bind)
                kestrel.Listen(IPAddress.Parse(address), settings.Port, listen => listen.UseConnectionHandler<RespConnectionHandler>());
        });
        builder.Services.AddSingleton(node);
        var app = builder.Build();
        var lifetime = app.Services.GetRequiredService<IHostApplicationLifetime>();
        var loggerFactory = app.Services.GetRequiredService<ILoggerFactory>();
        var log = loggerFactory.CreateLogger("ActorReplication.Node");
        node.LoggerFactory = loggerFactory;
        node.RequestShutdown = lifetime.StopApplication;

        // The listener binds first: the node's cluster role carries the RESP port actually bound. A client that
        // connects before the rest has started waits for node.Started.
        try
        {
            app.Start();
        }
        catch (IOException ex)
        {
            log.LogCritical("Could not listen on {Bind} port {Port}: {Error}", string.Join(' ', settings.Bind), settings.Port, ex.Message);
            return 1;
        }
        node.Port = BoundPort(app) ?? settings.Port;
        var keyspaceSettings = new KeyspaceSettings
        {
            Databases = settings.Databases,
            MaxMemory = settings.MaxMemory,
            EvictionPolicy = settings.MaxMemoryPolicy,
            MaxMemorySamples = settings.MaxMemorySamples,
            ProtoMaxBulkLen = settings.ProtoMaxBulkLen,
        };
        // The engine outlives the ActorSystem: a node the cluster downed gets a new one and keeps its data (NodeIncarnation).
        node.Engine = new KeyspaceEngine(keyspaceSettings, SystemClock.Instance);
        try
        {
            node.Remoting = NodeActorSystem.ReadRemoting(config);
            node.KeyspaceDoor.Open(NodeIncarnation.StartSystem(node, rejoining: false));
        }
        catch (Exception ex)
        {
            // Akka wraps what went wrong (a port in use, a bad akka.* value, a certificate) in layers of exceptions.
            log.LogCritical("Could not start the node's ActorSystem (Akka.Remote): {Error}", ex.GetBaseException().Message);
            app.StopAsync().Wait(TimeSpan.FromSeconds(5));
            return 1;
        }
        if (!TryLoadSnapshotFile(node, () => new KeyspaceEngine(keyspaceSettings, SystemClock.Instance), log)) return Abort(app, node);
        if (!ReplicationHosting.TryStart(node, app, log)) return 1;
        NodeIncarnation.StartMembership(node, app, log);
        SavePointScheduler.Start(node);
        WritePidFile(settings.PidFile);
        node.MarkStarted();
        log.LogInformation("ActorReplication node {Version} run_id={RunId} pid={Pid} resp={Bind}:{Port} remote={Remote} config={Config}. Ready to accept connections tcp",
            NodeRuntime.Version, node.RunId, Environment.ProcessId, string.Join(',', settings.Bind), node.Port, node.RemoteAddress, configFile ?? "(defaults)");

        app.WaitForShutdown();
        node.ShuttingDown = true;
        log.LogInformation("Shutting down: leaving the cluster, stopping actors");
        CoordinatedShutdown.Get(node.System).Run(CoordinatedShutdown.ClrExitReason.Instance).Wait(TimeSpan.FromSeconds(10));
        node.System.Terminate().Wait(TimeSpan.FromSeconds(10));
        DeletePidFile(settings.PidFile);
        log.LogInformation("Bye");
        return 0;
    }

    private static int Abort(WebApplication app, NodeRuntime node)
    {
        app.StopAsync().Wait(TimeSpan.FromSeconds(5));
        node.System.Terminate().Wait(TimeSpan.FromSeconds(5));
        // Disposing the host flushes the console logger's queue: the reason for the exit must reach the output.
        app.DisposeAsync().AsTask().Wait(TimeSpan.FromSeconds(5));
        return 1;
    }

    // The keyspace takes the file's data in its first turn, before any client or replication message.
    private static bool TryLoadSnapshotFile(NodeRuntime node, Func<KeyspaceEngine> newKeyspace, ILogger log)
    {
        if (!node.Files.TryCreateDirectory(out var error))
        {
            log.LogCritical("{Error}", error);
            return false;
        }
        var path = node.Saves.FilePath;
        if (!File.Exists(path)) return true;
        try
        {
            var loaded = SnapshotFileLoader.Load(path, newKeyspace);
            node.Keyspace.Tell(new KeyspaceReplication.ReplaceDataset(loaded.Keyspace, loaded.Header.StreamDb), ActorRefs.NoSender);
            node.RestoredHistory = loaded.Header;
            log.LogInformation("DB loaded from {Path}: {Keys} keys, {Bytes} bytes, replid {ReplId} offset {Offset}",
                path, loaded.Keys, loaded.Bytes, loaded.Header.ReplId, loaded.Header.Offset);
            return true;
        }
        catch (Exception ex) when (ex is SnapshotFormatException or IOException or UnauthorizedAccessException)
        {
            log.LogCritical("Bad snapshot file {Path}, not starting: {Error}", path, StartupFileErrors.Describe(ex, path));
            return false;
        }
    }

    private static int? BoundPort(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
        var first = addresses?.FirstOrDefault();
        return first is not null && Uri.TryCreate(first, UriKind.Absolute, out var uri) ? uri.Port : null;
    }

    private static void WritePidFile(string path)
    {
        if (path.Length > 0) File.WriteAllText(path, Environment.ProcessId + "\n");
    }

    private static void DeletePidFile(string path)
    {
        if (path.Length > 0 && File.Exists(path)) File.Delete(path);
    }
}
