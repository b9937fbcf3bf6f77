package dev.flowc.cli.verify;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.util.List;
import java.util.Optional;

/** How Jackson reads a handler's input type, or a type inside it, from JSON. */
sealed interface InputType {
  JavaType javaType();

  /** {@code JsonNode}, {@code Object}, {@code Void}: anything goes. */
  record Any(JavaType javaType) implements InputType {}

  /**
   * A record or a bean, read field by field.
   *
   * @param properties the fields it has, in Jackson's order
   * @param acceptsUnknown whether a field it does not have is ignored rather than refused
   *     ({@code @JsonIgnoreProperties(ignoreUnknown = true)}, {@code @JsonAnySetter}...)
   */
  record Bean(JavaType javaType, List<Property> properties, boolean acceptsUnknown, Lookup lookup)
      implements InputType {
    public Bean {
      properties = List.copyOf(properties);
    }

    /** The property a key sets (by its name or an alias), if any. */
    Optional<Property> property(String key) {
      return lookup.find(key);
    }

    /** Whether Jackson accepts {@code key} without failing: a property, or ignored. */
    boolean accepts(String key) {
      return acceptsUnknown || lookup.find(key).isPresent() || lookup.ignores(key);
    }

    List<Property> required() {
      return properties.stream().filter(Property::required).toList();
    }
  }

  /** Finds the property of a key the way Jackson's deserializer does. */
  interface Lookup {
    Optional<Property> find(String key);

    /**
     * Whether the key is ignored on purpose ({@code @JsonIgnore}, {@code @JsonIgnoreProperties}).
     */
    boolean ignores(String key);
  }

  /**
   * A field of a bean.
   *
   * @param required whether leaving it out is an error: {@code @JsonProperty(required = true)}, or
   *     a primitive constructor parameter (a record component), which Jackson would silently set to
   *     0 or false
   */
  record Property(String name, JavaType type, boolean required) {}

  /** A map with string keys; every value is read as {@code valueType}. */
  record MapOf(JavaType javaType, JavaType valueType) implements InputType {}

  /** A collection or an array; every item is read as {@code itemType}. */
  record ListOf(JavaType javaType, JavaType itemType) implements InputType {}

  /**
   * Anything else: strings, numbers, booleans, enums, and types with their own way of reading (a
   * delegating creator, a custom deserializer, polymorphism). Whether a value fits is what Jackson
   * says when it converts it.
   *
   * @param logicalType Jackson's category of the type, or {@code null}
   */
  record Scalar(JavaType javaType, LogicalType logicalType) implements InputType {}
}
