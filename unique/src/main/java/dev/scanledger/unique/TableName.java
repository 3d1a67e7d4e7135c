package dev.scanledger.unique;

/** A table name, optionally schema-qualified ({@code schema.table}), validated part by part. */
record TableName(Identifier schema, Identifier table) {

    static TableName parse(String name) {
        if (name == null) {
            throw new IllegalArgumentException("table name is null");
        }
        int dot = name.indexOf('.');
        return dot < 0
                ? new TableName(null, new Identifier(name))
                : new TableName(new Identifier(name.substring(0, dot)), new Identifier(name.substring(dot + 1)));
    }

    String quoted() {
        return schema == null ? table.quoted() : schema.quoted() + "." + table.quoted();
    }

    @Override
    public String toString() {
        return schema == null ? table.name() : schema.name() + "." + table.name();
    }
}
