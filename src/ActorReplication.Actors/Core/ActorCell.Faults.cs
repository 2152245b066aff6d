using Microsoft.Extensions.Logging;

namespace ActorReplication.Actors;

internal sealed partial class ActorCell
{
    private Exception? _pendingRecreateCause;
    private object? _failedMessage;

    /// <summary>
    /// The actor threw: suspend it (and its children) and ask the parent what to do. The failing message is
    /// dropped; the rest of the mailbox stays and is processed after a Resume or Restart.
    /// </summary>
    private void HandleInvokeFailure(Exception cause)
    {
        if (_terminating)
        {
            Log.LogError(cause, "{Actor} threw while stopping; ignored", Self);
            return;
        }
        _suspendCount++;
        _failedMessage = _current.Message;
        foreach (var child in GetChildren()) ((IInternalActorRef)child).SendSystemMessage(Suspend.Instance);
        ParentRef.SendSystemMessage(new Failed(Self, cause, Self.Path.Uid));
    }

    private void HandleChildFailure(Failed failed)
    {
        var entry = ChildEntryFor(failed.Child);
        if (entry is null) return; // a child that has since stopped
        var strategy = _actor?.SupervisorStrategy() ?? SupervisorStrategy.DefaultStrategy;
        var directive = strategy.Decide(failed.Cause, entry.Stats, System.Scheduler.MonotonicClock);
        strategy.LogFailure(Log, failed.Child, failed.Cause, directive);
        if (directive == Directive.Escalate) throw failed.Cause;
        var affected = strategy.AppliesToAllChildren ? GetChildren() : [failed.Child];
        foreach (var child in affected)
        {
            var target = (IInternalActorRef)child;
            switch (directive)
            {
                case Directive.Resume:
                    target.SendSystemMessage(new Resume(failed.Cause));
                    break;
                case Directive.Restart:
                    target.SendSystemMessage(new Recreate(failed.Cause));
                    break;
                case Directive.Stop:
                    target.Stop();
                    break;
            }
        }
    }

    private void FaultSuspend()
    {
        _suspendCount++;
        foreach (var child in GetChildren()) ((IInternalActorRef)child).SendSystemMessage(Suspend.Instance);
    }

    private void FaultResume()
    {
        if (_suspendCount > 0) _suspendCount--;
        foreach (var child in GetChildren()) ((IInternalActorRef)child).SendSystemMessage(new Resume(null));
    }

    /// <summary>
    /// Restart: PreRestart on the old instance (default stops the children), then once those children are
    /// gone a fresh instance from Props. The mailbox and stashed messages survive.
    /// </summary>
    private void FaultRecreate(Exception cause)
    {
        if (_terminating) return;
        if (_actor is not null)
        {
            try
            {
                _actor.PreRestart(cause, _failedMessage);
            }
            catch (Exception ex)
            {
                Log.LogError(ex, "PreRestart of {Actor} threw; continuing the restart", Self);
            }
        }
        _stash?.UnstashAll();
        CancelReceiveTimeout();
        _receiveTimeout = null;
        if (HasChildrenStopping()) _pendingRecreateCause = cause;
        else FinishRecreate(cause);
    }

    private bool HasChildrenStopping()
    {
        foreach (var child in GetChildren())
            if (((LocalActorRef)child).Cell.IsStopping) return true;
        return false;
    }

    private void FinishRecreate(Exception cause)
    {
        _pendingRecreateCause = null;
        _failedMessage = null;
        try
        {
            _actor = NewActorInstance();
            _actor.PostRestart(cause);
        }
        catch (Exception ex)
        {
            _actor = null;
            throw new ActorInitializationException(Self, $"Exception during restart of {Self}: {ex.Message}", ex);
        }
        if (_suspendCount > 0) _suspendCount--;
        foreach (var child in GetChildren()) ((IInternalActorRef)child).SendSystemMessage(new Resume(null));
    }

    public bool IsStopping => _terminating;

    private void OnChildTerminated()
    {
        if (_terminating)
        {
            if (!HasChildren) FinishTerminate();
        }
        else if (_pendingRecreateCause is not null && !HasChildrenStopping())
        {
            FinishRecreate(_pendingRecreateCause);
        }
    }

    /// <summary>Stop: children first, then PostStop, then tell watchers and parent.</summary>
    private void BeginTerminate()
    {
        if (_terminating) return;
        lock (_children) _terminating = true;
        CancelReceiveTimeout();
        var children = GetChildren();
        if (!children.Any())
        {
            FinishTerminate();
            return;
        }
        foreach (var child in children) ((IInternalActorRef)child).Stop();
    }

    private void FinishTerminate()
    {
        try
        {
            _actor?.PostStop();
        }
        catch (Exception ex)
        {
            Log.LogError(ex, "PostStop of {Actor} threw", Self);
        }
        finally
        {
            _actor = null;
            _behaviors.Clear();
            DropStashToDeadLetters();
            Mailbox.Close();
            NotifyWatchersOfOwnDeath();
        }
    }
}
