package dev.mesh.protocol.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.datatype.jsr310.deser.InstantDeserializer;
import java.io.IOException;
import java.time.Instant;

/**
 * Reads instants from ISO-8601 strings only. Jackson would also take a bare number as epoch
 * seconds, so a client sending milliseconds would set a deadline thousands of years away.
 */
final class StrictInstantDeserializer extends StdScalarDeserializer<Instant> {
  StrictInstantDeserializer() {
    super(Instant.class);
  }

  @Override
  public Instant deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
    if (p.hasToken(JsonToken.VALUE_STRING)) {
      return InstantDeserializer.INSTANT.deserialize(p, ctxt);
    }
    return (Instant) ctxt.handleUnexpectedToken(Instant.class, p);
  }
}
