using ActorReplication.Actors;

namespace ActorReplication.TestKit;

/// <summary>A stand-in neighbour for the actor under test: its <see cref="Ref"/> records what it receives.</summary>
public sealed class TestProbe : TestKitBase
{
    internal TestProbe(ActorSystem system, TestKitSettings settings, string name) : base(system, settings)
    {
        CreateTestActor(name);
    }

    public IActorRef Ref => TestActor;

    public override string ToString() => $"TestProbe({Ref.Path.Name})";
}
