package io.k3j.apiserver.table;

/** A Table column definition (meta.k8s.io TableColumnDefinition); priority 1 columns show with -o wide. */
public record Column(String name, String type, String format, String description, int priority) {

    public static Column ofName() {
        return new Column("Name", "string", "name", "Name must be unique within a namespace.", 0);
    }

    public static Column ofAge() {
        return new Column("Age", "string", "", "CreationTimestamp is a timestamp representing the server time when"
                + " this object was created.", 0);
    }

    public static Column ofString(String name, String description) {
        return new Column(name, "string", "", description, 0);
    }

    public static Column ofWide(String name, String description) {
        return new Column(name, "string", "", description, 1);
    }

    public static Column ofInteger(String name, String description) {
        return new Column(name, "integer", "", description, 0);
    }

    public static Column ofBoolean(String name, String description) {
        return new Column(name, "boolean", "", description, 0);
    }

    /** The generic table's creation-time column, for kinds upstream has no printer for. */
    public static Column ofCreatedAt() {
        return new Column("Created At", "date", "", "CreationTimestamp is a timestamp representing the server time"
                + " when this object was created.", 0);
    }
}
