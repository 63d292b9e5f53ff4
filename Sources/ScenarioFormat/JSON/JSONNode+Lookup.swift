/// Child access that returns nil instead of trapping, so scenario loaders can report what is missing.
public extension JSONNode {
    /// The value of member `key` when this is an object that has it.
    subscript(key: String) -> JSONNode? {
        members?.first { $0.key == key }?.value
    }

    /// The element at `index` when this is an array that long.
    subscript(index: Int) -> JSONNode? {
        guard let elements, elements.indices.contains(index) else { return nil }
        return elements[index]
    }

    /// The members in source order when this is an object.
    var members: [JSONMember]? {
        if case .object(let members) = value { members } else { nil }
    }

    /// The elements when this is an array.
    var elements: [JSONNode]? {
        if case .array(let elements) = value { elements } else { nil }
    }
}
