package dev.mesh.node.cluster;

import com.hazelcast.map.IMap;
import dev.mesh.node.security.Kind;
import dev.mesh.node.security.MeshSecurity;
import dev.mesh.protocol.json.MeshJson;
import dev.mesh.protocol.seal.Opening;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** A {@link SharedMap} under a mesh key: keys hidden (HMAC), values sealed for their entry. Blocking. */
final class SealedMap<V> implements SharedMap<V> {
  private final IMap<String, String> map;
  private final String name;
  private final Class<V> type;
  private final MeshSecurity security;

  SealedMap(IMap<String, String> map, String name, Class<V> type, MeshSecurity security) {
    this.map = map;
    this.name = name;
    this.type = type;
    this.security = security;
  }

  @Override
  public boolean putIfAbsent(String key, V value, Duration ttl) {
    String hidden = hide(key);
    return map.putIfAbsent(hidden, seal(hidden, value), ttl.toSeconds(), TimeUnit.SECONDS) == null;
  }

  @Override
  public void put(String key, V value, Duration ttl) {
    String hidden = hide(key);
    map.set(hidden, seal(hidden, value), ttl.toSeconds(), TimeUnit.SECONDS);
  }

  @Override
  public Optional<V> get(String key) {
    String hidden = hide(key);
    String stored = map.get(hidden);
    if (stored == null) {
      return Optional.empty();
    }
    Opening opening = security.sealing().openText(context(hidden), stored);
    if (opening instanceof Opening.Refused refused) {
      security.untrusted().refused(Kind.SHARED_VALUE, name, refused);
      return Optional.empty();
    }
    try {
      return Optional.of(MeshJson.mapper().readValue(((Opening.Opened) opening).payload(), type));
    } catch (IOException e) {
      throw new UncheckedIOException("cluster map " + name + ": an entry is not a " + type.getSimpleName(), e);
    }
  }

  @Override
  public void delete(String key) {
    map.delete(hide(key));
  }

  private String hide(String key) {
    return security.sealing().hideKey(name, key);
  }

  private String seal(String hidden, V value) {
    try {
      return security.sealing().sealText(context(hidden), MeshJson.mapper().writeValueAsString(value));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String context(String hidden) {
    return name + "/" + hidden;
  }
}
