package dev.mesh.node.http;

import dev.mesh.node.config.ApiKeyConfig;
import dev.mesh.node.config.AuthConfig;
import dev.mesh.protocol.error.ApiError;
import dev.mesh.protocol.error.ErrorCodes;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Checks {@code Authorization: Bearer <key>} on {@code /v1/*} and {@code /cluster/*} when keys are configured:
 * 401 when there is no usable key (none sent, not Bearer, not one of ours), 403 when the key is known but its
 * role does not cover the request (a read key posting a task). Keys are compared by their SHA-256 in constant
 * time, against every configured key, so neither timing nor order tells a caller how close it came.
 */
final class ApiKeyGate implements Handler<RoutingContext> {
  /** Where the key's name is left for later handlers (logs, task origin). */
  static final String KEY_NAME = "mesh.apiKey";
  private static final String CHALLENGE = "Bearer realm=\"mesh\"";

  private record Key(String name, byte[] sha256, Role role) {}

  /** Each role may do what the one before it may, and more. */
  enum Role {
    READ, SUBMIT, ADMIN;

    static Role of(String role) {
      return valueOf(role.toUpperCase(Locale.ROOT));
    }

    String wire() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private final List<Key> keys;

  private ApiKeyGate(List<Key> keys) {
    this.keys = keys;
  }

  static ApiKeyGate of(AuthConfig auth) {
    List<ApiKeyConfig> configured = auth.apiKeys();
    return new ApiKeyGate(java.util.stream.IntStream.range(0, configured.size()).mapToObj(i -> {
      ApiKeyConfig k = configured.get(i);
      byte[] hash = k.key() != null ? sha256(k.key()) : HexFormat.of().parseHex(k.keySha256().toLowerCase(Locale.ROOT));
      return new Key(k.name() != null ? k.name() : "key-" + (i + 1), hash, Role.of(k.roleOrDefault()));
    }).toList());
  }

  @Override
  public void handle(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    if (header == null || header.isBlank()) {
      refuse(ctx, "this node needs an API key: send Authorization: Bearer <key>", "");
      return;
    }
    int space = header.indexOf(' ');
    if (space < 0 || !header.substring(0, space).equalsIgnoreCase("Bearer") || header.substring(space + 1).isBlank()) {
      refuse(ctx, "Authorization must be 'Bearer <key>'", ", error=\"invalid_request\"");
      return;
    }
    Key key = match(sha256(header.substring(space + 1).trim()));
    if (key == null) {
      refuse(ctx, "the API key is not one this node accepts", ", error=\"invalid_token\"");
      return;
    }
    Role needed = needed(ctx.request().method(), ctx.normalizedPath());
    if (key.role().compareTo(needed) < 0) {
      HttpErrors.send(ctx, 403, new ApiError(ErrorCodes.FORBIDDEN, "key '" + key.name() + "' has role " + key.role().wire()
           + "; " + ctx.request().method() + " " + ctx.normalizedPath() + " needs role " + needed.wire(), null));
      return;
    }
    ctx.put(KEY_NAME, key.name());
    ctx.next();
  }

  /** Reading needs read; sending work to /v1 needs submit; changing the mesh (/cluster) needs admin. */
  static Role needed(HttpMethod method, String path) {
    if (method == HttpMethod.GET || method == HttpMethod.HEAD || method == HttpMethod.OPTIONS) {
      return Role.READ;
    }
    return path.startsWith("/cluster/") ? Role.ADMIN : Role.SUBMIT;
  }

  private Key match(byte[] presented) {
    Key found = null;
    for (Key k : keys) {
      if (MessageDigest.isEqual(k.sha256(), presented) && found == null) {
        found = k;
      }
    }
    return found;
  }

  private static void refuse(RoutingContext ctx, String message, String error) {
    ctx.response().putHeader("WWW-Authenticate", CHALLENGE + error);
    HttpErrors.send(ctx, 401, new ApiError(ErrorCodes.UNAUTHORIZED, message, null));
  }

  static byte[] sha256(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
