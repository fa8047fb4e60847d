package dev.mesh.node.config;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One API key: the key itself, or (to keep it out of the config file) the hex SHA-256 of it; a name for logs
 * and errors; a role — {@code read} (GET only), {@code submit} (default: also send tasks) or {@code admin}
 * (also change the mesh, e.g. drain a node). A bare string is a key with role submit, which is what
 * {@code MESH_AUTH_API_KEYS=k1,k2} gives.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiKeyConfig(String name, String key, String keySha256, String role) {
  public static final String READ = "read";
  public static final String SUBMIT = "submit";
  public static final String ADMIN = "admin";

  @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
  public ApiKeyConfig(@JsonProperty("name") String name, @JsonProperty("key") String key,
      @JsonProperty("keySha256") String keySha256, @JsonProperty("role") String role) {
    this.name = name;
    this.key = key;
    this.keySha256 = keySha256;
    this.role = role;
  }

  @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
  public static ApiKeyConfig ofKey(String key) {
    return new ApiKeyConfig(null, key, null, null);
  }

  public String roleOrDefault() {
    return role == null ? SUBMIT : role;
  }

  /** Never the key: a record's default toString would print it into a log. */
  @Override
  public String toString() {
    return "ApiKeyConfig[name=" + name + ", role=" + roleOrDefault() + "]";
  }
}
