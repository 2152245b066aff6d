using Microsoft.Extensions.Logging;

namespace ActorReplication.Actors;

/// <summary>
/// The runtime side of one actor: its instance, mailbox, children, watchers and behaviour stack.
/// Everything here runs on the actor's own turn (the mailbox guarantees one turn at a time), except the
/// children table, which ActorOf may touch from outside and is therefore locked.
/// </summary>
internal sealed partial class ActorCell : IActorContext
{
    [ThreadStatic] internal static ActorCell? Current;

    // Set only while a Props factory runs, so an actor instance binds to the cell that creates it.
    [ThreadStatic] internal static ActorCell? Creating;

    private readonly List<Receive> _behaviors = new(2);
    private ActorBase? _actor;
    private Envelope _current;
    private int _suspendCount;
    private bool _terminating;
    private ILogger? _log;

    public ActorCell(ActorSystem system, LocalActorRef self, Props props, IInternalActorRef parent, Mailbox mailbox)
    {
        System = system;
        SelfRef = self;
        Props = props;
        ParentRef = parent;
        Mailbox = mailbox;
        mailbox.Attach(this);
    }

    public ActorSystem System { get; }
    public LocalActorRef SelfRef { get; }
    public IInternalActorRef ParentRef { get; }
    public Mailbox Mailbox { get; }
    public Props Props { get; }
    public IActorRef Self => SelfRef;
    public IActorRef Parent => ParentRef;
    public IActorRef Sender => _current.Sender ?? System.DeadLetters;
    public IActorRef? SenderOrNull => _current.Sender;
    public ILogger Log => _log ??= System.LoggerFactory.CreateLogger(Props.ActorType.FullName ?? Props.ActorType.Name);

    /// <summary>User messages wait while the actor is being created, is suspended after a failure, or is stopping.</summary>
    public bool CanProcessUserMessages => _actor is not null && _suspendCount == 0 && !_terminating;

    public void Invoke(Envelope envelope)
    {
        _current = envelope;
        _currentStashed = false;
        try
        {
            if (envelope.Message is IAutoReceivedMessage) AutoReceive(envelope.Message);
            else ReceiveWithBehavior(envelope.Message);
            AfterReceive(envelope.Message);
        }
        catch (Exception ex)
        {
            HandleInvokeFailure(ex);
        }
        finally
        {
            _current = default;
        }
    }

    private void ReceiveWithBehavior(object message)
    {
        if (!_behaviors[^1](message)) _actor!.InvokeUnhandled(message);
    }

    private void AutoReceive(object message)
    {
        switch (message)
        {
            case Terminated terminated:
                // Dropped when the watcher unwatched after the notification was queued.
                if (_terminatedQueued.Remove(terminated.ActorRef)) ReceiveWithBehavior(terminated);
                break;
            case PoisonPill:
                SelfRef.Stop();
                break;
            case Kill:
                throw new ActorKilledException("Kill");
            case Identify identify:
                Sender.Tell(new ActorIdentity(identify.MessageId, Self), Self);
                break;
            default:
                ReceiveWithBehavior(message);
                break;
        }
    }

    public void SystemInvoke(SystemMessage message)
    {
        try
        {
            switch (message)
            {
                case Create: CreateActor(); break;
                case Terminate: BeginTerminate(); break;
                case Watch watch: AddWatcher(watch); break;
                case Unwatch unwatch: RemoveWatcher(unwatch); break;
                case DeathWatchNotification notification: HandleDeathWatchNotification(notification); break;
                case Failed failed: HandleChildFailure(failed); break;
                case Recreate recreate: FaultRecreate(recreate.Cause); break;
                case Resume: FaultResume(); break;
                case Suspend: FaultSuspend(); break;
            }
        }
        catch (Exception ex)
        {
            HandleInvokeFailure(ex);
        }
    }

    private void CreateActor()
    {
        try
        {
            _actor = NewActorInstance();
            _actor.PreStart();
        }
        catch (Exception ex)
        {
            _actor = null;
            throw new ActorInitializationException(Self, $"Exception during creation of {Self}: {ex.Message}", ex);
        }
    }

    private ActorBase NewActorInstance()
    {
        _behaviors.Clear();
        ActorBase actor;
        var previous = Creating;
        Creating = this;
        try
        {
            actor = Props.NewActor();
        }
        finally
        {
            Creating = previous;
        }
        if (actor is ReceiveActor receiveActor) receiveActor.FinishConstruction();
        if (actor is IWithStash withStash) withStash.Stash = StashImpl;
        _behaviors.Add(actor.Receive);
        return actor;
    }

    public void Become(Receive receive)
    {
        if (_behaviors.Count > 0) _behaviors[^1] = receive;
        else _behaviors.Add(receive);
    }

    public void BecomeStacked(Receive receive) => _behaviors.Add(receive);

    public void UnbecomeStacked()
    {
        if (_behaviors.Count > 1) _behaviors.RemoveAt(_behaviors.Count - 1);
    }

    public void SendToDeadLetters(Envelope envelope) =>
        System.PublishDeadLetter(envelope.Message, envelope.Sender, Self);

    public override string ToString() => $"ActorCell({Self})";
}
