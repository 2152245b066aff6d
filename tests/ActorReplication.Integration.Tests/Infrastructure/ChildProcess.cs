using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace ActorReplication.Integration.Tests.Infrastructure;

/// <summary>
/// A process this test run started, with its stdout and stderr captured line by line. Only ever kills or signals the
/// process it started itself (by its <see cref="Process"/> object / id), never anything found by name.
/// </summary>
public sealed class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _stdout = [];
    private readonly List<string> _stderr = [];
    private readonly object _gate = new();
    private readonly TaskCompletionSource _stdoutClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stderrClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ChildProcess(Process process) => _process = process;

    public static ChildProcess Start(string fileName, IEnumerable<string> arguments, string? workingDirectory = null, string? standardInput = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = standardInput is not null,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Environment.CurrentDirectory,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var child = new ChildProcess(process);
        process.OutputDataReceived += (_, e) => child.OnLine(child._stdout, child._stdoutClosed, e.Data);
        process.ErrorDataReceived += (_, e) => child.OnLine(child._stderr, child._stderrClosed, e.Data);
        if (!process.Start()) throw new InvalidOperationException($"Could not start {fileName}");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (standardInput is not null)
        {
            process.StandardInput.Write(standardInput);
            process.StandardInput.Close();
        }
        return child;
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string StandardOutput
    {
        get
        {
            lock (_gate) return string.Join('\n', _stdout);
        }
    }

    public string StandardError
    {
        get
        {
            lock (_gate) return string.Join('\n', _stderr);
        }
    }

    /// <summary>Both streams, for failure messages.</summary>
    public string AllOutput => $"--- stdout ---\n{StandardOutput}\n--- stderr ---\n{StandardError}";

    private void OnLine(List<string> lines, TaskCompletionSource closed, string? line)
    {
        lock (_gate)
        {
            if (line is null) closed.TrySetResult();
            else lines.Add(line);
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Waits (without polling) until a stdout line satisfies <paramref name="predicate"/>; null if the deadline passes or the process exits first.</summary>
    public string? WaitForOutputLine(Func<string, bool> predicate, TimeSpan timeout)
    {
        var deadline = new Deadline(timeout);
        lock (_gate)
        {
            var seen = 0;
            while (true)
            {
                for (; seen < _stdout.Count; seen++)
                    if (predicate(_stdout[seen])) return _stdout[seen];
                if (deadline.Passed || _stdoutClosed.Task.IsCompleted) return null;
                // Woken by each new line and by the stream closing.
                Monitor.Wait(_gate, deadline.Remaining);
            }
        }
    }

    /// <summary>Waits for the process to exit and its output to be drained. False if the deadline passed first.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
            await Task.WhenAll(_stdoutClosed.Task, _stderrClosed.Task).WaitAsync(cts.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [DllImport("libc", SetLastError = true, EntryPoint = "kill")]
    private static extern int SysKill(int pid, int signal);

    /// <summary>Sends SIGTERM to this process (and only this one).</summary>
    public void Terminate()
    {
        if (_process.HasExited) return;
        if (SysKill(_process.Id, 15) != 0)
            throw new InvalidOperationException($"kill({_process.Id}, SIGTERM) failed: errno {Marshal.GetLastPInvokeError()}");
    }

    /// <summary>Kills this process if it is still running.</summary>
    public void Kill()
    {
        try
        {
            if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Exited meanwhile.
        }
    }

    public void Dispose()
    {
        Kill();
        _process.WaitForExit(5000);
        _process.Dispose();
    }
}
