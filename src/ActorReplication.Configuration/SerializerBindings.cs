using System.Text;
using Akka.Configuration;

namespace ActorReplication.Configuration;

/// <summary>
/// The Akka HOCON that registers one of our protocol serializers and binds each of its message types to it, built
/// from the serializer's own type → manifest table so the bindings can never drift from what it handles.
/// </summary>
public static class SerializerBindings
{
    public static Config For(string name, Type serializer, IEnumerable<Type> messages)
    {
        var hocon = new StringBuilder();
        hocon.Append("akka.actor.serializers.").Append(name).Append(" = \"").Append(TypeName(serializer)).AppendLine("\"");
        foreach (var message in messages)
            hocon.Append("akka.actor.serialization-bindings.\"").Append(TypeName(message)).Append("\" = ").AppendLine(name);
        return ConfigurationFactory.ParseString(hocon.ToString());
    }

    private static string TypeName(Type type) => $"{type.FullName}, {type.Assembly.GetName().Name}";
}
