package dev.flowc.cli.verify;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBase;
import com.fasterxml.jackson.databind.deser.CreatorProperty;
import com.fasterxml.jackson.databind.deser.DefaultDeserializationContext;
import com.fasterxml.jackson.databind.deser.SettableBeanProperty;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Tells how Jackson reads a type, asking Jackson itself: the deserializer it would use, and the
 * bean introspection behind it. One instance per mapper; results are cached.
 */
final class InputTypes {
  private final ObjectMapper mapper;
  private final DefaultDeserializationContext context;
  private final Map<JavaType, InputType> cache = new HashMap<>();

  InputTypes(ObjectMapper mapper) {
    this.mapper = mapper;
    this.context =
        ((DefaultDeserializationContext) mapper.getDeserializationContext())
            .createDummyInstance(mapper.getDeserializationConfig());
  }

  ObjectMapper mapper() {
    return mapper;
  }

  InputType of(JavaType type) {
    InputType known = cache.get(type);
    if (known == null) {
      known = classify(type);
      cache.put(type, known);
    }
    return known;
  }

  private InputType classify(JavaType type) {
    Class<?> raw = type.getRawClass();
    if (raw == Object.class
        || raw == Void.class
        || raw == void.class
        || JsonNode.class.isAssignableFrom(raw)) {
      return new InputType.Any(type);
    }
    JsonDeserializer<?> deserializer;
    try {
      deserializer = context.findRootValueDeserializer(type);
    } catch (JsonMappingException | RuntimeException e) {
      // Jackson cannot read the type at all; every job would fail, but that is the handler's
      // bug, not the pipeline's, and it shows at the first run.
      return new InputType.Any(type);
    }
    LogicalType logical = deserializer.logicalType();
    if (logical == LogicalType.Untyped) {
      return new InputType.Any(type);
    }
    if (deserializer instanceof BeanDeserializerBase bean
        && !bean.getValueInstantiator().canCreateUsingDelegate()
        && !bean.getValueInstantiator().canCreateUsingArrayDelegate()) {
      return bean(type, bean);
    }
    if (logical == LogicalType.Map && type.isMapLikeType()) {
      return new InputType.MapOf(type, type.getContentType());
    }
    if ((logical == LogicalType.Collection || logical == LogicalType.Array)
        && type.getContentType() != null) {
      return new InputType.ListOf(type, type.getContentType());
    }
    return new InputType.Scalar(type, logical);
  }

  private InputType bean(JavaType type, BeanDeserializerBase deserializer) {
    DeserializationConfig config = mapper.getDeserializationConfig();
    BeanDescription description = config.introspect(type);
    // The deserializer's order is a hash order; show fields in the order they are declared.
    List<String> declared =
        description.findProperties().stream().map(BeanPropertyDefinition::getName).toList();
    List<SettableBeanProperty> settable = new ArrayList<>();
    deserializer.properties().forEachRemaining(settable::add);
    settable.sort(
        Comparator.comparingInt(
            p -> declared.contains(p.getName()) ? declared.indexOf(p.getName()) : declared.size()));
    List<InputType.Property> properties = new ArrayList<>();
    Map<String, InputType.Property> byName = new HashMap<>();
    for (SettableBeanProperty property : settable) {
      InputType.Property p = property(property);
      properties.add(p);
      byName.put(p.name(), p);
    }
    JsonIgnoreProperties.Value ignorals =
        config.getDefaultPropertyIgnorals(type.getRawClass(), description.getClassInfo());
    Set<String> ignored = new HashSet<>(ignorals.findIgnoredForDeserialization());
    ignored.addAll(description.getIgnoredPropertyNames());
    boolean acceptsUnknown =
        !config.isEnabled(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            || ignorals.getIgnoreUnknown()
            || description.findAnySetterAccessor() != null
            || hasUnwrapped(config, description);
    InputType.Lookup lookup =
        new InputType.Lookup() {
          @Override
          public Optional<InputType.Property> find(String key) {
            SettableBeanProperty found = deserializer.findProperty(key);
            return found == null
                ? Optional.empty()
                : Optional.ofNullable(byName.get(found.getName()));
          }

          @Override
          public boolean ignores(String key) {
            return ignored.contains(key);
          }
        };
    return new InputType.Bean(type, properties, acceptsUnknown, lookup);
  }

  private static InputType.Property property(SettableBeanProperty property) {
    boolean required =
        property.isRequired()
            || (property instanceof CreatorProperty && property.getType().isPrimitive());
    return new InputType.Property(property.getName(), property.getType(), required);
  }

  /** A {@code @JsonUnwrapped} property takes fields of its own type at the bean's level. */
  private static boolean hasUnwrapped(DeserializationConfig config, BeanDescription description) {
    for (BeanPropertyDefinition property : description.findProperties()) {
      if (property.getPrimaryMember() != null
          && config.getAnnotationIntrospector() != null
          && config
                  .getAnnotationIntrospector()
                  .findUnwrappingNameTransformer(property.getPrimaryMember())
              != null) {
        return true;
      }
    }
    return false;
  }
}
